import JSONRPC
import Notifier

/// `broadcast.retryFailed`: a new try for exactly the rows that failed or expired (and, with
/// `includeUnknown`, those whose outcome is unknown); never one sent or delivered.
struct BroadcastRetryFailed: StoreScopedMethod {
    static let name = "broadcast.retryFailed"
    static let parameters: [RPCParameter] = [.required("id"), .optional("includeUnknown")]

    struct Params: Decodable, Sendable {
        let id: Int64
        let includeUnknown: Bool?
    }

    struct Result: Encodable, Sendable {
        /// Rows queued again.
        let queued: Int
        let broadcast: BroadcastView
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        guard
            let queued = try await broadcasts.retryFailed(
                id: params.id, includeUnknown: params.includeUnknown ?? false, store: storeID),
            let status = try await broadcasts.status(id: params.id, store: storeID)
        else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        return Result(queued: queued, broadcast: BroadcastView(status))
    }
}
