import JSONRPC
import Notifier

/// `customers.list`: the directory, a page at a time, searched by name, email or phone.
struct CustomersList: StoreScopedMethod {
    static let name = "customers.list"
    static let parameters: [RPCParameter] = [
        .optional("page"), .optional("pageSize"), .optional("search"), .optional("hasPhone"),
    ]

    struct Params: Decodable, Sendable {
        let page: Int?
        let pageSize: Int?
        let search: String?
        let hasPhone: Bool?
    }

    struct Result: Encodable, Sendable {
        let customers: [CustomerView]
        let total: Int
        let page: Int
        let pageSize: Int
    }

    let customers: CustomerDirectory
    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let page = params.page ?? 1
        let pageSize = params.pageSize ?? 20
        guard page >= 1 else { throw RPCError.invalidParams(field: "page", reason: "\(page) must be 1 or more") }
        guard (1...500).contains(pageSize) else {
            throw RPCError.invalidParams(field: "pageSize", reason: "\(pageSize) is out of range: give 1 to 500")
        }
        let (found, total) = try await customers.list(
            search: params.search, hasPhone: params.hasPhone, page: page, pageSize: pageSize, store: storeID)
        return Result(
            customers: try await CustomerView.views(found, optOuts: optOuts, store: storeID), total: total, page: page,
            pageSize: pageSize)
    }
}

/// `customers.get`: one customer of the directory.
struct CustomersGet: StoreScopedMethod {
    static let name = "customers.get"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let customers: CustomerDirectory
    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> CustomerView {
        guard let customer = try await customers.customer(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "customer")
        }
        return try await CustomerView.views([customer], optOuts: optOuts, store: storeID)[0]
    }
}
