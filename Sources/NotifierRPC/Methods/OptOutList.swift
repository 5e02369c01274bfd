import JSONRPC
import Notifier

/// `optOut.list`: the opted-out numbers, newest first, a page at a time.
struct OptOutList: StoreScopedMethod {
    static let name = "optOut.list"
    static let parameters: [RPCParameter] = [.optional("page"), .optional("pageSize")]

    struct Params: Decodable, Sendable {
        let page: Int?
        let pageSize: Int?
    }

    struct Result: Encodable, Sendable {
        let numbers: [OptOutView]
        let total: Int
        /// Whether opted-out numbers also miss the customers' event SMS (`optOut.configure`).
        let appliesToEvents: Bool
    }

    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let page = params.page ?? 1
        let size = params.pageSize ?? 50
        guard (1...500).contains(size) else {
            throw RPCError.invalidParams(field: "pageSize", reason: "\(size) is out of range: give 1 to 500")
        }
        guard page >= 1, page <= 1_000_000 else {
            throw RPCError.invalidParams(field: "page", reason: "\(page) is out of range: give 1 to 1000000")
        }
        let (entries, total) = try await optOuts.list(limit: size, offset: (page - 1) * size, store: storeID)
        return Result(
            numbers: entries.map(OptOutView.init), total: total,
            appliesToEvents: try await optOuts.appliesToEvents(store: storeID))
    }
}
