import JSONRPC
import Notifier

/// `broadcast.get`: a broadcast with its rows counted by state.
struct BroadcastGet: StoreScopedMethod {
    static let name = "broadcast.get"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> BroadcastView {
        guard let status = try await broadcasts.status(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        return BroadcastView(status)
    }
}

/// `broadcast.list`: broadcasts newest first, a page at a time.
struct BroadcastList: StoreScopedMethod {
    static let name = "broadcast.list"
    static let parameters: [RPCParameter] = [.optional("limit"), .optional("before")]

    struct Params: Decodable, Sendable {
        let limit: Int?
        let before: Int64?
    }

    struct Result: Encodable, Sendable {
        let broadcasts: [BroadcastView]
        /// Pass as `before` for the next page; null on the last page.
        @ExplicitNull var next: Int64?
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let limit = params.limit ?? 20
        guard (1...500).contains(limit) else {
            throw RPCError.invalidParams(field: "limit", reason: "\(limit) is out of range: give 1 to 500")
        }
        let page = try await broadcasts.list(limit: limit, before: params.before, store: storeID)
        return Result(
            broadcasts: page.map(BroadcastView.init), next: page.count == limit ? page.last?.broadcast.id : nil)
    }
}
