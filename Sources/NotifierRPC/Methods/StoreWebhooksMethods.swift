import BigCommerceAPI
import JSONRPC
import Notifier

/// One hook as clients see it.
struct HookView: Encodable, Sendable {
    let id: Int
    let scope: String
    let destination: String
    let isActive: Bool

    init(_ hook: StoreHook) {
        id = hook.id
        scope = hook.scope
        destination = hook.destination
        isActive = hook.isActive
    }
}

/// The destination of the store's webhooks: the one given, else the service's public URL's.
private func webhookDestination(_ given: String?, options: NotifierServices.Options) throws -> String {
    if let given {
        try StoreService.checkDestination(given)
        return given
    }
    guard let url = options.webhookURL else {
        throw ValidationError(
            field: "destination",
            reason: "the service has no public URL: start it with --http and --public-url https://your.host, or "
                + "give destination")
    }
    return url
}

/// `store.registerWebhooks`: creates (or updates, re-enabling those the store deactivated) the nine events'
/// hooks on the store, pointing at the service's public URL with the shared-secret header.
struct StoreRegisterWebhooks: StoreScopedMethod {
    static let name = "store.registerWebhooks"
    static let waitsOnOthers = true
    static let parameters: [RPCParameter] = [.optional("destination")]

    struct Params: Decodable, Sendable {
        let destination: String?
    }

    struct Registered: Encodable, Sendable {
        let scope: String
        /// `created`, `updated`, `reactivated` or `unchanged`.
        let change: String
        let hook: HookView
    }

    struct Result: Encodable, Sendable {
        let destination: String
        let hooks: [Registered]
    }

    let store: StoreService
    let options: NotifierServices.Options
    let secrets: any EndpointSecretsStorage

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let destination = try webhookDestination(params.destination, options: options)
        let secrets = try await EndpointSecrets.loadOrCreate(self.secrets)
        let done = try await store.registerWebhooks(
            of: storeID, destination: destination, header: (EndpointSecrets.webhookHeaderName, secrets.webhookHeader))
        return Result(
            destination: destination,
            hooks: done.map { Registered(scope: $0.scope, change: $0.change.rawValue, hook: HookView($0.hook)) })
    }
}

/// `store.webhooks`: each of the nine events' hook pointing at the service, with its state (`active`,
/// `inactive` when the store deactivated it after failed deliveries, `missing`).
struct StoreWebhooks: StoreScopedMethod {
    static let name = "store.webhooks"
    static let waitsOnOthers = true
    static let parameters: [RPCParameter] = [.optional("destination")]

    struct Params: Decodable, Sendable {
        let destination: String?
    }

    struct Entry: Encodable, Sendable {
        let scope: String
        let state: String
        let hook: HookView?
    }

    struct Result: Encodable, Sendable {
        let destination: String
        let hooks: [Entry]
        /// Whether every event's hook is registered and active.
        let allActive: Bool
    }

    let store: StoreService
    let options: NotifierServices.Options

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let destination = try webhookDestination(params.destination, options: options)
        let states = try await store.webhooks(of: storeID, destination: destination)
        return Result(
            destination: destination,
            hooks: states.map { Entry(scope: $0.scope, state: $0.state.rawValue, hook: $0.hook.map(HookView.init)) },
            allActive: states.allSatisfy { $0.state == .active })
    }
}
