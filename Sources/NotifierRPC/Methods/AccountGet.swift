import JSONRPC
import Notifier

/// `account.get`: the account settings, without the secret or the token.
struct AccountGet: RPCMethod {
    static let name = "account.get"
    let account: AccountService

    func handle(_ params: NoParams, context: RPCContext) async throws -> AccountView {
        AccountView(try await account.settings(of: .first))
    }
}
