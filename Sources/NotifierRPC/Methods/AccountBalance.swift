import JSONRPC
import Notifier

/// `account.balance`: the credit, its currency and the seed's display form (`EUR 6.4448`).
struct AccountBalance: RPCMethod {
    static let name = "account.balance"
    static let waitsOnOthers = true
    let account: AccountService

    func handle(_ params: NoParams, context: RPCContext) async throws -> BalanceView {
        BalanceView(try await account.balance(of: .first))
    }
}
