import JSONRPC
import Notifier

/// An opted-out number as the `optOut.*` methods show it.
struct OptOutView: Encodable, Sendable {
    let number: String
    let typed: String
    let source: String
    @ExplicitNull var note: String?
    let createdAt: String

    init(_ entry: OptOuts.Entry) {
        number = entry.number
        typed = entry.typed
        source = entry.source
        note = entry.note
        createdAt = SeedDate.format(entry.createdAt)
    }
}

/// `optOut.add`: a number broadcasts skip from now on (event SMS about the customer's own orders still go).
struct OptOutAdd: StoreScopedMethod {
    static let name = "optOut.add"
    static let parameters: [RPCParameter] = [.required("number"), .optional("source"), .optional("note")]

    struct Params: Decodable, Sendable {
        let number: String
        let source: String?
        let note: String?
    }

    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> OptOutView {
        OptOutView(try await optOuts.add(params.number, source: params.source, note: params.note, store: storeID))
    }
}
