import BigCommerceAPI
import HostAddress

/// Where one of the nine events stands on the store: registered to this service, active or not.
public struct WebhookState: Sendable, Equatable {
    /// `active`, `inactive` (the store deactivated it after failing deliveries, or it was turned off) or
    /// `missing`.
    public enum State: String, Sendable { case active, inactive, missing }

    /// The event, e.g. `store/order/created`.
    public let scope: String
    /// Whether its hook is there and delivering.
    public let state: State
    /// The store's hook, when one points at this service.
    public let hook: StoreHook?
}

/// What registering did for one event.
public struct WebhookRegistration: Sendable, Equatable {
    /// What was done to the event's hook: made, given the header again, re-enabled after the store
    /// deactivated it, or left as it was.
    public enum Change: String, Sendable { case created, updated, reactivated, unchanged }

    /// The event, e.g. `store/order/created`.
    public let scope: String
    /// What was done.
    public let change: Change
    /// The hook as the store now has it.
    public let hook: StoreHook
}

extension StoreService {
    /// The path of the store's webhooks on the HTTP front.
    public static let webhookPath = "/webhooks/bigcommerce"

    /// Each of the nine events' hook pointing at `destination` (the public URL's webhook path).
    ///
    /// - Throws: ``ValidationError`` when no store is connected, ``BigCommerceError`` when it cannot be asked.
    public func webhooks(of store: StoreID, destination: String) async throws -> [WebhookState] {
        let hooks = try await connectedClient(of: store).hooks().filter { $0.destination == destination }
        return StoreEvent.allCases.map { event in
            guard let hook = hooks.first(where: { $0.scope == event.scope }) else {
                return WebhookState(scope: event.scope, state: .missing, hook: nil)
            }
            return WebhookState(scope: event.scope, state: hook.isActive ? .active : .inactive, hook: hook)
        }
    }

    /// Creates the nine events' hooks pointing at `destination`, or updates those that exist: re-enabled when
    /// the store deactivated them, their shared-secret header set to `header`. Idempotent.
    ///
    /// - Throws: ``ValidationError`` for a destination the store would refuse or no store connected,
    ///   ``BigCommerceError`` when the store refuses or cannot be reached (hooks done before stay).
    public func registerWebhooks(
        of store: StoreID, destination: String, header: (name: String, value: String)
    ) async throws -> [WebhookRegistration] {
        try Self.checkDestination(destination)
        let client = try await connectedClient(of: store)
        let existing = try await client.hooks().filter { $0.destination == destination }
        var done: [WebhookRegistration] = []
        for event in StoreEvent.allCases {
            let request = StoreHookRequest(
                scope: event.scope, destination: destination, isActive: true, headers: [header.name: header.value])
            guard let hook = existing.first(where: { $0.scope == event.scope }) else {
                done.append(.init(scope: event.scope, change: .created, hook: try await client.createHook(request)))
                continue
            }
            // The store may leave the headers out of its answers: then they are set again, to be sure.
            if hook.isActive, hook.headers?[header.name] == header.value {
                done.append(.init(scope: event.scope, change: .unchanged, hook: hook))
                continue
            }
            let updated = try await client.updateHook(id: hook.id, request)
            done.append(.init(scope: event.scope, change: hook.isActive ? .updated : .reactivated, hook: updated))
        }
        logger.info(
            "webhooks of \(store) registered: \(done.map { "\($0.scope) \($0.change.rawValue)" }.joined(separator: ", "))"
        )
        return done
    }

    /// BigCommerce posts only to HTTPS on port 443; a loopback address (a local stand-in for the store) may use
    /// plain HTTP: the rule of every service URL the settings hold (``AccountValidation/serviceURL``).
    public static func checkDestination(_ destination: String) throws(ValidationError) {
        do {
            _ = try AccountValidation.serviceURL(
                destination, field: "destination", example: "https://notify.example.com/webhooks/bigcommerce",
                credentials: "the hooks' headers")
        } catch {
            throw ValidationError(
                field: "destination",
                reason: "\(error.reason); the store posts webhooks only to an https:// address on port 443: give "
                    + "one, or start the service with --public-url https://your.host behind a TLS proxy")
        }
    }

    private func connectedClient(of store: StoreID) async throws -> BigCommerceClient {
        guard let client = try await client(of: store) else {
            throw ValidationError(
                field: "storeHash", reason: "no store is connected: set storeHash and accessToken with store.set")
        }
        return client
    }
}
