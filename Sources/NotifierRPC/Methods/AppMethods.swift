import JSONRPC
import Notifier

/// The app's settings as clients see them: never the secret, only whether it is set.
struct AppView: Encodable, Sendable {
    let clientId: String?
    let clientSecret: AccountView.SecretView
    let loginUrl: String
    let apiUrl: String
    /// Whether installs can be taken: a client id and secret are set.
    let configured: Bool
    let updatedAt: String

    init(_ settings: AppSettings) {
        clientId = settings.clientID
        clientSecret = AccountView.SecretView(settings.clientSecret)
        loginUrl = settings.loginURL
        apiUrl = settings.apiURL
        configured = settings.isConfigured
        updatedAt = SeedDate.format(settings.updatedAt)
    }
}

/// `app.get`: the BigCommerce app whose install flow adds stores (the secret as `{set, last4}`). The
/// operator's.
struct AppGet: RPCMethod {
    static let name = "app.get"

    let directory: StoreDirectory

    func handle(_ params: NoParams, context: RPCContext) async throws -> AppView {
        AppView(try await directory.appSettings())
    }
}

/// `app.set`: changes the fields given (null clears one: the addresses return to BigCommerce's). The
/// operator's.
struct AppSet: RPCMethod {
    static let name = "app.set"
    static let parameters: [RPCParameter] = Field.allCases.map { .optional($0.rawValue, nullable: true) }

    enum Field: String, CaseIterable, CodingKey {
        case clientId, clientSecret, loginUrl, apiUrl
    }

    struct Params: Decodable, Sendable {
        let update: AppUpdate

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Field.self)
            var update = AppUpdate()
            update.clientID = try container.fieldUpdate(.clientId)
            update.clientSecret = try container.fieldUpdate(.clientSecret)
            update.loginURL = try container.fieldUpdate(.loginUrl)
            update.apiURL = try container.fieldUpdate(.apiUrl)
            self.update = update
        }
    }

    let directory: StoreDirectory

    func handle(_ params: Params, context: RPCContext) async throws -> AppView {
        let saved = try await directory.updateApp(params.update)
        context.logger.info("the app's settings were changed: \(saved)")
        return AppView(saved)
    }
}
