import JSONRPC
import Notifier

/// `account.get`: the account settings, without the secret or the token.
struct AccountGet: StoreScopedMethod {
    static let name = "account.get"
    let account: AccountService
    let balanceWatch: BalanceWatch

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> AccountView {
        AccountView(try await account.settings(of: storeID), alert: try await balanceWatch.alert(of: storeID))
    }
}
