import Hummingbird
import JSONCore

/// The sandbox's paths that make the store fire webhooks, and what became of them: `POST /sandbox/store/orders`
/// (an order is created), `POST /sandbox/store/events` (any of the nine events), `GET /sandbox/store/webhooks`.
extension SandboxRouter {
    func addStoreEventRoutes(to router: Router<SandboxRequestContext>) {
        router.route("/sandbox/store/orders", [(.post, { await createOrder($0) })], otherwise: Self.storeControlRefusal)
        router.route("/sandbox/store/events", [(.post, { await fireEvent($0) })], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/store/webhooks", [(.get, { _ in .wire(await webhooks.stats, status: 200) })],
            otherwise: Self.storeControlRefusal)
    }

    /// Creates an order (of `customerId` when the body gives `{"customerId": N}`, else a guest's) and fires
    /// `store/order/created`: `{"orderId": N, "hash": "...", "deliveries": K}`.
    private func createOrder(_ request: SandboxRequest) async -> SandboxResponse {
        var customer = 0
        if request.body.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            guard let object = (try? JSONParser.parse(request.body))?.objectValue else {
                return Self.badRequest("give no body, or {\"customerId\": N}")
            }
            if let unknown = object.keys.first(where: { $0 != "customerId" }) {
                return Self.badRequest("unknown field \"\(unknown)\": give customerId")
            }
            if let value = object["customerId"] {
                guard case .number(let number) = value, let id = number.integer(as: Int.self),
                    (0...catalog.customerCount).contains(id)
                else {
                    return Self.badRequest(
                        "customerId must be 0 (a guest) or one of the store's \(catalog.customerCount) customers")
                }
                customer = id
            }
        }
        guard let orderId = await webhooks.createOrder(customer: customer) else {
            return Self.badRequest("the store has no order ids left")
        }
        let (hash, deliveries) = await fire(.orderCreated, data: ["type": "order", "id": .number(JSONNumber(orderId))])
        let answer: [(String, WireValue)] = [
            ("orderId", .integer(orderId)), ("hash", .string(hash)), ("deliveries", .integer(deliveries)),
        ]
        return .wire(.object(answer), status: 200)
    }

    /// Fires `{"scope": "...", "data": {...}}`: `{"scope": "...", "hash": "...", "deliveries": K}`.
    private func fireEvent(_ request: SandboxRequest) async -> SandboxResponse {
        guard let object = (try? JSONParser.parse(request.body))?.objectValue else {
            return Self.badRequest(
                "give {\"scope\": \"store/order/created\", \"data\": {\"type\": \"order\", \"id\": 250}}")
        }
        if let unknown = object.keys.first(where: { $0 != "scope" && $0 != "data" }) {
            return Self.badRequest("unknown field \"\(unknown)\": give scope and data")
        }
        guard let text = object["scope"]?.stringValue, let scope = WebhookScope(rawValue: text) else {
            return Self.badRequest("scope must be one of \(WebhookScope.accepted)")
        }
        guard let data = object["data"], data.objectValue != nil else {
            return Self.badRequest("data must be an object, e.g. {\"type\": \"order\", \"id\": 250}")
        }
        let (hash, deliveries) = await fire(scope, data: data)
        let answer: [(String, WireValue)] = [
            ("scope", .string(scope.rawValue)), ("hash", .string(hash)), ("deliveries", .integer(deliveries)),
        ]
        return .wire(.object(answer), status: 200)
    }

    /// Fires the event and hands its deliveries to the deliverer, without waiting for them.
    private func fire(_ scope: WebhookScope, data: JSONValue) async -> (hash: String, deliveries: Int) {
        let (event, deliveries) = await webhooks.fire(scope, data: data, now: Self.now)
        for delivery in deliveries { webhookDeliveries.enqueue(delivery) }
        logger.info("fired \(scope.rawValue) (\(event.hash)) to \(deliveries.count) hook(s)")
        return (event.hash, deliveries.count)
    }

    private static func badRequest(_ message: String) -> SandboxResponse {
        .wire(.object([("error", .string(message))]), status: 400)
    }
}
