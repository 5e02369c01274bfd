import JSONRPC
import Notifier

/// `messages.retry`: an admin's explicit resend of SMS that failed, are unknown or expired; each goes back to
/// the queue and its next try is recorded as a new attempt. Others are left as they are, with the reason.
struct MessagesRetry: StoreScopedMethod {
    static let name = "messages.retry"
    static let parameters: [RPCParameter] = [.required("ids")]

    struct Params: Decodable, Sendable {
        let ids: [Int64]
    }

    struct Outcome: Encodable, Sendable {
        let id: Int64
        /// `queued`, `notFound`, or `notRetriable` (with the row's state).
        let outcome: String
        @ExplicitNull var state: String?
    }

    let sender: OutboxSender

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> [Outcome] {
        guard (1...1000).contains(params.ids.count) else {
            throw RPCError.invalidParams(field: "ids", reason: "holds \(params.ids.count) ids: give 1 to 1000")
        }
        return try await sender.retry(ids: params.ids, store: storeID).map { id, outcome in
            switch outcome {
            case .queued: Outcome(id: id, outcome: "queued", state: MessageState.queued.rawValue)
            case .notFound: Outcome(id: id, outcome: "notFound", state: nil)
            case .notRetriable(let state): Outcome(id: id, outcome: "notRetriable", state: state.rawValue)
            }
        }
    }
}
