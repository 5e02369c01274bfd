import JSONRPC
import Notifier

/// `customers.upsert`: adds a customer by hand, or updates the one with the same store id; the phone is
/// checked by the customer policy and kept with the reason when refused.
struct CustomersUpsert: StoreScopedMethod {
    static let name = "customers.upsert"
    static let parameters: [RPCParameter] = [
        .optional("storeCustomerId"), .optional("firstName"), .optional("lastName"), .optional("email"),
        .optional("phone"), .optional("country"),
    ]

    struct Params: Decodable, Sendable {
        let storeCustomerId: Int64?
        let firstName: String?
        let lastName: String?
        let email: String?
        let phone: String?
        let country: String?
    }

    let customers: CustomerDirectory
    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> CustomerView {
        guard params.phone != nil || params.email != nil else {
            throw RPCError.invalidParams(
                field: "phone", reason: "is needed (or email): a customer needs a way to be reached")
        }
        let given = CustomerDirectory.Given(
            storeCustomerID: params.storeCustomerId, firstName: params.firstName, lastName: params.lastName,
            email: params.email, phone: params.phone, phoneCountry: params.country?.uppercased())
        return try await CustomerView.views(
            [try await customers.upsert(given, store: storeID)], optOuts: optOuts, store: storeID)[0]
    }
}

/// `customers.import`: customers from CSV (with a header) or JSON lines, for stores without API access.
struct CustomersImport: StoreScopedMethod {
    static let name = "customers.import"
    static let parameters: [RPCParameter] = [.required("content"), .optional("format")]

    struct Params: Decodable, Sendable {
        let content: String
        let format: CustomerImport.Format?
    }

    struct Refused: Encodable, Sendable {
        let row: Int
        let reason: String
    }

    struct Result: Encodable, Sendable {
        let added: Int
        let updated: Int
        let withoutPhone: Int
        /// Rows whose phone the customer policy refuses (saved, with the reason).
        let refused: [Refused]
    }

    let customers: CustomerDirectory

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        guard params.content.utf8.count <= 50 << 20 else {
            throw RPCError.invalidParams(field: "content", reason: "is larger than 50 MiB: import it in parts")
        }
        let outcome = try await customers.importCustomers(params.content, format: params.format ?? .csv, store: storeID)
        return Result(
            added: outcome.added, updated: outcome.updated, withoutPhone: outcome.withoutPhone,
            refused: outcome.refused.map { Refused(row: $0.row, reason: $0.reason) })
    }
}
