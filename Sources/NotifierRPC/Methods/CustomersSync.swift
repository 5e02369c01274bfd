import JSONRPC
import Notifier

/// `customers.sync`: pages through the store's customers (`GET /v3/customers`, 250 a page, with addresses)
/// into the directory, upserting and removing those the store deleted; resumes an interrupted run;
/// `customers.syncProgress` notifications after each page.
struct CustomersSync: StoreScopedMethod {
    static let name = "customers.sync"
    static let waitsOnOthers = true

    struct Counts: Encodable, Sendable {
        let added: Int
        let updated: Int
        let removed: Int
        let withoutPhone: Int
        let pages: Int
        let totalPages: Int?
        let resumed: Bool

        init(_ counts: CustomerDirectory.SyncCounts) {
            added = counts.added
            updated = counts.updated
            removed = counts.removed
            withoutPhone = counts.withoutPhone
            pages = counts.pages
            totalPages = counts.totalPages
            resumed = counts.resumed
        }
    }

    let customers: CustomerDirectory

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> Counts {
        let session = context.session
        return Counts(
            try await customers.sync(of: storeID) { counts in
                Task { try? await session.notify(method: "customers.syncProgress", params: Counts(counts)) }
            })
    }
}
