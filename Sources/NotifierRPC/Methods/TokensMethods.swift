import JSONRPC
import Notifier

/// A store token as listed: never the token itself.
struct StoreTokenView: Encodable, Sendable {
    let id: Int64
    let store: Int64
    let label: String
    let createdAt: String
    let lastUsedAt: String?

    init(_ token: StoreTokens.Token) {
        id = token.id
        store = token.store
        label = token.label
        createdAt = SeedDate.format(token.createdAt)
        lastUsedAt = token.lastUsedAt.map(SeedDate.format)
    }
}

/// `tokens.create`: a token for one store, shown this once: a caller with it (`Authorization: Bearer` on
/// `/rpc`, `session.authenticate` over TCP) acts on that store alone. The operator's.
struct TokensCreate: RPCMethod {
    static let name = "tokens.create"
    static let parameters: [RPCParameter] = [.required("store"), .required("label")]

    struct Params: Decodable, Sendable {
        let store: StoreReference
        let label: String
    }

    struct Result: Encodable, Sendable {
        let token: StoreTokenView
        /// The token: shown now and never again.
        let secret: String
    }

    let directory: StoreDirectory
    let tokens: StoreTokens

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        _ = try StoreTokens.checkedLabel(params.label)
        let store = try await StoreResolver(directory: directory).existing(params.store)
        let (token, secret) = try await tokens.create(store: store.storeID, label: params.label)
        context.logger.notice("a token for store \(store.id) was made (\(token.label))")
        return Result(token: StoreTokenView(token), secret: secret)
    }
}

/// `tokens.list`: the store tokens (of one store when given), without their text. The operator's.
struct TokensList: RPCMethod {
    static let name = "tokens.list"
    static let parameters: [RPCParameter] = [.optional("store")]

    struct Params: Decodable, Sendable {
        let store: StoreReference?
    }

    struct Result: Encodable, Sendable {
        let tokens: [StoreTokenView]
    }

    let directory: StoreDirectory
    let tokens: StoreTokens

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        var store: StoreID?
        if let reference = params.store {
            store = try await StoreResolver(directory: directory).existing(reference).storeID
        }
        return Result(tokens: try await tokens.list(store: store).map(StoreTokenView.init))
    }
}

/// `tokens.revoke`: ends a store token at once. The operator's.
struct TokensRevoke: RPCMethod {
    static let name = "tokens.revoke"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    struct Result: Encodable, Sendable {
        let revoked: Bool
    }

    let tokens: StoreTokens

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        guard try await tokens.revoke(id: params.id, store: nil) else {
            throw NotFound(field: "id", id: params.id, what: "store token")
        }
        return Result(revoked: true)
    }
}
