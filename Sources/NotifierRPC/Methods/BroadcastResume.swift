import JSONRPC
import Notifier

/// `broadcast.resume`: sends what pause held: every recipient not yet reached, none twice.
struct BroadcastResume: StoreScopedMethod {
    static let name = "broadcast.resume"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> BroadcastView {
        guard let status = try await broadcasts.resume(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        return BroadcastView(status)
    }
}
