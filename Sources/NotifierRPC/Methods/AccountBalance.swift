import JSONRPC
import Notifier

/// `account.balance`: the credit, its currency and the seed's display form (`EUR 6.4448`); the balance is also
/// compared with the store's low-balance alert.
struct AccountBalance: StoreScopedMethod {
    static let name = "account.balance"
    static let waitsOnOthers = true
    let balanceWatch: BalanceWatch

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> BalanceView {
        BalanceView(try await balanceWatch.balance(of: storeID))
    }
}
