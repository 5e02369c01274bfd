import JSONRPC
import Notifier

/// `history.query`: the seed's "SMS Transaction History" table: a page of rows with the total, searched,
/// filtered and sorted; or, with `cursor`, the rows after the last one a script has seen.
struct HistoryQueryMethod: StoreScopedMethod {
    static let name = "history.query"
    static let parameters: [RPCParameter] =
        [.optional("page"), .optional("pageSize"), .optional("cursor"), .optional("exactCount")]
        + HistoryFilterParams.parameters

    struct Params: Decodable, Sendable {
        let page: Int?
        let pageSize: Int?
        let cursor: Int64?
        let exactCount: Bool?
        let filters: HistoryFilterParams

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            page = try container.decodeIfPresent(Int.self, forKey: .page)
            pageSize = try container.decodeIfPresent(Int.self, forKey: .pageSize)
            cursor = try container.decodeIfPresent(Int64.self, forKey: .cursor)
            exactCount = try container.decodeIfPresent(Bool.self, forKey: .exactCount)
            filters = try HistoryFilterParams(from: decoder)
        }

        private enum CodingKeys: String, CodingKey { case page, pageSize, cursor, exactCount }
    }

    struct Result: Encodable, Sendable {
        let rows: [MessageView]
        /// How many rows match in all; when `totalIsExact` is false, at least this many.
        let total: Int
        let totalIsExact: Bool
        let page: Int
        let pageSize: Int
        let pages: Int
        /// The seed's footer: "Showing 1 to 4 of 4 entries".
        let showing: String
        /// Give as `cursor` for the rows after these (newest first only); null at the end.
        let nextCursor: Int64?
    }

    let history: HistoryStore

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let page = params.page ?? 1
        let pageSize = params.pageSize ?? 10
        guard page >= 1 else { throw RPCError.invalidParams(field: "page", reason: "\(page) must be 1 or more") }
        guard (1...500).contains(pageSize) else {
            throw RPCError.invalidParams(field: "pageSize", reason: "\(pageSize) is out of range: give 1 to 500")
        }
        let query = try params.filters.query(store: storeID)
        if params.cursor != nil, query.sort != .datetime || !query.descending || params.page != nil {
            throw RPCError.invalidParams(
                field: "cursor", reason: "walks the history newest first: give it without page, sort or order")
        }
        let result = try await history.page(
            query, page: page, pageSize: pageSize, cursor: params.cursor, exactCount: params.exactCount ?? false)
        let first = result.rows.isEmpty ? 0 : (params.cursor == nil ? (page - 1) * pageSize + 1 : 1)
        let last = result.rows.isEmpty ? 0 : first + result.rows.count - 1
        let of = result.totalIsExact ? "\(result.total)" : "more than \(result.total)"
        return Result(
            rows: result.rows.map(MessageView.init), total: result.total, totalIsExact: result.totalIsExact, page: page,
            pageSize: pageSize, pages: max(1, (result.total + pageSize - 1) / pageSize),
            showing: "Showing \(first) to \(last) of \(of) entries", nextCursor: result.nextCursor)
    }
}
