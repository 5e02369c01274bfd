import JSONRPC
import Notifier

/// `account.balance`: the credit, its currency and the seed's display form (`EUR 6.4448`).
struct AccountBalance: StoreScopedMethod {
    static let name = "account.balance"
    static let waitsOnOthers = true
    let account: AccountService

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> BalanceView {
        BalanceView(try await account.balance(of: storeID))
    }
}
