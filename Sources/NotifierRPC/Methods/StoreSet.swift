import BigCommerceAPI
import JSONRPC
import Notifier

/// `store.set`: changes the fields given (null clears one), saves, then checks the credentials with the
/// store (`GET /v2/store`) and reports what it said, with the store's name, domain, country and timezone.
struct StoreSet: StoreScopedMethod {
    static let name = "store.set"
    static let waitsOnOthers = true
    static let parameters: [RPCParameter] = Field.allCases.map { .optional($0.rawValue, nullable: true) }

    enum Field: String, CaseIterable, CodingKey {
        case storeHash, accessToken, apiUrl, clientSecret
    }

    struct Params: Decodable, Sendable {
        let update: StoreUpdate

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Field.self)
            var update = StoreUpdate()
            update.storeHash = try container.fieldUpdate(.storeHash)
            update.accessToken = try container.fieldUpdate(.accessToken)
            update.apiURL = try container.fieldUpdate(.apiUrl)
            update.clientSecret = try container.fieldUpdate(.clientSecret)
            self.update = update
        }
    }

    struct Result: Encodable, Sendable {
        let store: StoreView
        let credentials: CredentialsView
    }

    /// What the store said of the credentials.
    struct CredentialsView: Encodable, Sendable {
        /// `valid`, `invalid`, `unreachable`, `error` or `notConfigured`.
        let status: String
        let message: String?

        init(_ check: StoreService.CredentialCheck) {
            switch check {
            case .valid: (status, message) = ("valid", nil)
            case .invalid(let error): (status, message) = ("invalid", error.message)
            case .unreachable(let error): (status, message) = ("unreachable", error.message)
            case .failed(let error): (status, message) = ("error", error.message)
            case .notConfigured:
                (status, message) = ("notConfigured", "set storeHash and accessToken to reach the store")
            }
        }
    }

    let store: StoreService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let (settings, check) = try await store.update(params.update, of: storeID)
        return Result(store: StoreView(settings), credentials: CredentialsView(check))
    }
}
