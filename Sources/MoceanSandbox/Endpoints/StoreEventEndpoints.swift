import Hummingbird
import JSONCore

/// The sandbox's paths that make a store fire webhooks, and what became of them: `POST /sandbox/store/orders`
/// (an order is created), `POST /sandbox/store/events` (any of the nine events), `GET /sandbox/store/webhooks`.
/// Each takes a store (`"store": "hash"` in the body, `?store=hash` in the query); the configured store when
/// left out.
extension SandboxRouter {
    func addStoreEventRoutes(to router: Router<SandboxRequestContext>) {
        router.route("/sandbox/store/orders", [(.post, { await createOrder($0) })], otherwise: Self.storeControlRefusal)
        router.route("/sandbox/store/events", [(.post, { await fireEvent($0) })], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/store/webhooks", [(.get, { await webhookStats($0) })], otherwise: Self.storeControlRefusal)
    }

    /// Creates an order of store `store` (of `customerId` when the body gives `{"customerId": N}`, else a
    /// guest's) and fires `store/order/created`: `{"store": "...", "orderId": N, "hash": "...", "deliveries": K}`.
    private func createOrder(_ request: SandboxRequest) async -> SandboxResponse {
        var customer = 0
        let store: StoreRecord
        do throws(ControlInputError) {
            let body = try ControlBody(
                request.body, example: #"{"customerId": 7, "store": "abc123"}"#, emptyAllowed: true)
            try body.refuseUnknownFields(["customerId", "store"])
            store = try await knownStore(body.storeHash())
            if let value = body.object["customerId"] {
                guard case .number(let number) = value, let id = number.integer(as: Int.self),
                    (0...catalog.customerCount).contains(id)
                else {
                    throw ControlInputError(
                        field: "customerId",
                        "customerId must be 0 (a guest) or one of the store's \(catalog.customerCount) customers")
                }
                customer = id
            }
        } catch {
            return error.response
        }
        guard let orderId = await store.webhooks.createOrder(customer: customer) else {
            return Self.badRequest("the store has no order ids left")
        }
        let (hash, deliveries) = await fire(
            .orderCreated, data: ["type": "order", "id": .number(JSONNumber(orderId))], of: store)
        let answer: [(String, WireValue)] = [
            ("store", .string(store.hash)), ("orderId", .integer(orderId)), ("hash", .string(hash)),
            ("deliveries", .integer(deliveries)),
        ]
        return .wire(.object(answer), status: 200)
    }

    /// Fires `{"scope": "...", "data": {...}, "store"?: "..."}`:
    /// `{"store": "...", "scope": "...", "hash": "...", "deliveries": K}`.
    private func fireEvent(_ request: SandboxRequest) async -> SandboxResponse {
        let store: StoreRecord
        let scope: WebhookScope
        let data: JSONValue
        do throws(ControlInputError) {
            let body = try ControlBody(
                request.body, example: #"{"scope": "store/order/created", "data": {"type": "order", "id": 250}}"#)
            try body.refuseUnknownFields(["scope", "data", "store"])
            guard let text = body.object["scope"]?.stringValue, let named = WebhookScope(rawValue: text) else {
                throw ControlInputError(field: "scope", "scope must be one of \(WebhookScope.accepted)")
            }
            guard let given = body.object["data"], given.objectValue != nil else {
                throw ControlInputError(
                    field: "data", "data must be an object, e.g. {\"type\": \"order\", \"id\": 250}")
            }
            store = try await knownStore(body.storeHash())
            scope = named
            data = given
        } catch {
            return error.response
        }
        let (hash, deliveries) = await fire(scope, data: data, of: store)
        let answer: [(String, WireValue)] = [
            ("store", .string(store.hash)), ("scope", .string(scope.rawValue)), ("hash", .string(hash)),
            ("deliveries", .integer(deliveries)),
        ]
        return .wire(.object(answer), status: 200)
    }

    /// `GET /sandbox/store/webhooks[?store=hash]`: the store's webhook counters and latest attempts.
    private func webhookStats(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let store = try await knownStore(queryStore(request))
            return .wire(await store.webhooks.stats, status: 200)
        } catch {
            return error.response
        }
    }

    /// Fires the event on `store` and hands its deliveries to the deliverer, without waiting for them; they
    /// are signed with the app's client secret when the app installed the store, else with the configured one.
    private func fire(
        _ scope: WebhookScope, data: JSONValue, of store: StoreRecord
    ) async -> (hash: String, deliveries: Int) {
        var signature = configuredSignature
        if store.installedBy != nil, let app = await login.app {
            signature = WebhookSignature(clientSecret: app.clientSecret)
        }
        let (event, deliveries) = await store.webhooks.fire(scope, data: data, now: Self.now, signature: signature)
        for delivery in deliveries { webhookDeliveries.enqueue(delivery) }
        logger.info("store \(store.hash) fired \(scope.rawValue) (\(event.hash)) to \(deliveries.count) hook(s)")
        return (event.hash, deliveries.count)
    }

    /// The store `hash` names (the configured one when nil).
    ///
    /// - Throws: ``ControlInputError`` (404) when the sandbox plays no such store.
    func knownStore(_ hash: String?) async throws(ControlInputError) -> StoreRecord {
        guard let store = await stores.store(hash) else {
            throw ControlInputError(
                field: "store", "no store \(hash ?? "") here: install the app on it first (POST /sandbox/apps/install)",
                status: 404)
        }
        return store
    }

    /// The `store` query parameter, checked.
    ///
    /// - Throws: ``ControlInputError`` when it is not a store hash.
    func queryStore(_ request: SandboxRequest) throws(ControlInputError) -> String? {
        guard let hash = request.query["store"] else { return nil }
        guard StoreHash.isWellFormed(hash) else {
            throw ControlInputError(field: "store", "\"store\" must be a store hash: \(StoreHash.rule)")
        }
        return hash
    }

    /// `{"error": message}`, 400.
    static func badRequest(_ message: String) -> SandboxResponse {
        .wire(.object([("error", .string(message))]), status: 400)
    }
}
