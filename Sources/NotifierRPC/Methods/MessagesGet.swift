import JSONRPC
import Notifier

/// `messages.get`: one SMS of the history with every attempt at sending it (when, the outcome, the gateway's
/// status and words), for a row's details.
struct MessagesGet: StoreScopedMethod {
    static let name = "messages.get"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    /// One attempt as clients see it.
    struct AttemptView: Encodable, Sendable {
        let number: Int
        let startedAt: String
        let finishedAt: String?
        /// `sent`, `failed`, `retry`, `unknown` or `cancelled`; absent while in flight.
        let outcome: String?
        let gatewayStatus: Int?
        let response: String?

        init(_ attempt: MessageAttemptRecord) {
            number = attempt.number
            startedAt = SeedDate.format(attempt.startedAt)
            finishedAt = attempt.finishedAt.map(SeedDate.format)
            outcome = attempt.outcome
            gatewayStatus = attempt.gatewayStatus
            response = attempt.response
        }
    }

    struct Result: Encodable, Sendable {
        let message: MessageView
        let attempts: [AttemptView]
    }

    let history: HistoryStore

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        guard let (message, attempts) = try await history.message(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "SMS")
        }
        return Result(message: MessageView(message), attempts: attempts.map(AttemptView.init))
    }
}
