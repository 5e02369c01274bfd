import Foundation
import JSONCore

/// One store's hooks, the orders created through the sandbox, and what became of the webhooks sent.
actor WebhookRegistry {
    private let storeHash: String
    private var hooks: [Int: Webhook] = [:]
    private var nextHookId = 1
    /// The next order id: above the catalogue's, so that each created order is new.
    private var nextOrderId: Int
    /// The customer of each order created through the sandbox.
    private var createdOrders: [Int: Int] = [:]
    private var events = 0
    private var counts = WebhookCounts()
    private var recent: [WebhookAttemptRecord] = []
    /// How many attempts `GET /sandbox/store/webhooks` lists.
    static let recentLimit = 50

    init(storeHash: String, firstOrderId: Int) {
        self.storeHash = storeHash
        nextOrderId = firstOrderId
    }

    // MARK: Hooks

    /// Every hook, by id.
    var all: [Webhook] { hooks.keys.sorted().compactMap { hooks[$0] } }

    func hook(_ id: Int) -> Webhook? { hooks[id] }

    /// Registers a hook: scope and destination required, active unless told otherwise.
    ///
    /// - Throws: ``StoreInputError`` for a missing field or a scope and destination already registered.
    func create(_ changes: WebhookChanges, now: Int) throws(StoreInputError) -> Webhook {
        guard let scope = changes.scope else {
            throw StoreInputError(field: "scope", "scope is required: give one of \(WebhookScope.accepted)")
        }
        guard let destination = changes.destination else {
            throw StoreInputError(field: "destination", "destination is required: give an https:// URL")
        }
        try checkUnique(scope: scope, destination: destination, except: nil)
        let hook = Webhook(
            id: nextHookId, scope: scope, destination: destination, isActive: changes.isActive ?? true,
            headers: changes.headers ?? [], createdAt: now, updatedAt: now)
        nextHookId += 1
        hooks[hook.id] = hook
        return hook
    }

    /// Changes the fields given; nil when there is no hook `id`.
    ///
    /// - Throws: ``StoreInputError`` when the change would repeat another hook's scope and destination.
    func update(_ id: Int, _ changes: WebhookChanges, now: Int) throws(StoreInputError) -> Webhook? {
        guard var hook = hooks[id] else { return nil }
        hook.scope = changes.scope ?? hook.scope
        hook.destination = changes.destination ?? hook.destination
        try checkUnique(scope: hook.scope, destination: hook.destination, except: id)
        hook.isActive = changes.isActive ?? hook.isActive
        hook.headers = changes.headers ?? hook.headers
        hook.updatedAt = now
        hooks[id] = hook
        return hook
    }

    /// Removes hook `id`; the hook removed, or nil when there was none.
    func delete(_ id: Int) -> Webhook? {
        hooks.removeValue(forKey: id)
    }

    /// Removes every hook, as an uninstall removes the app's; how many there were.
    func deleteAll() -> Int {
        defer { hooks = [:] }
        return hooks.count
    }

    /// One hook per scope and destination, as BigCommerce allows per app.
    private func checkUnique(scope: WebhookScope, destination: String, except id: Int?) throws(StoreInputError) {
        guard
            let other = hooks.values.first(where: { $0.id != id && $0.scope == scope && $0.destination == destination })
        else { return }
        var error = StoreInputError(
            field: "destination", "hook \(other.id) already sends \(scope.rawValue) to this destination")
        error.title = "A webhook for this scope and destination already exists"
        throw error
    }

    // MARK: Orders

    /// Creates an order of `customer` (0 for a guest); its id, or nil when the ids are spent.
    func createOrder(customer: Int) -> Int? {
        guard nextOrderId < Int.max else { return nil }
        let id = nextOrderId
        nextOrderId += 1
        createdOrders[id] = customer
        return id
    }

    /// The customer of order `id`, when the sandbox created it.
    func createdOrderCustomer(_ id: Int) -> Int? { createdOrders[id] }

    // MARK: Events

    /// Fires an event of `scope`: one delivery per active hook of the scope, each to be signed with
    /// `signature`.
    func fire(
        _ scope: WebhookScope, data: JSONValue, now: Int, signature: WebhookSignature
    ) -> (event: StoreEvent, deliveries: [WebhookDelivery]) {
        events += 1
        counts.fired += 1
        let event = StoreEvent(scope: scope, data: data, storeHash: storeHash, sequence: events, createdAt: now)
        let body = event.body(storeHash: storeHash)
        let deliveries = all.filter { $0.isActive && $0.scope == scope }.map { hook in
            WebhookDelivery(
                hookId: hook.id, destination: hook.destination, headers: hook.headers, scope: scope,
                eventHash: event.hash,
                messageId: "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                body: body, registry: self, signature: signature)
        }
        counts.pending += deliveries.count
        return (event, deliveries)
    }

    /// Whether hook `id` still exists and is active, so that a retry is worth making.
    func isActive(_ id: Int) -> Bool { hooks[id]?.isActive == true }

    /// Counts and lists one attempt.
    func record(_ delivery: WebhookDelivery, attempt: Int, outcome: WebhookAttemptOutcome) {
        counts.attempts += 1
        if !outcome.acknowledges { counts.failedAttempts += 1 }
        recent.append(WebhookAttemptRecord(delivery: delivery, attempt: attempt, outcome: outcome))
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
    }

    /// Ends a delivery: acknowledged, given up because its hook went or was disabled, or given up after the
    /// last retry, which deactivates the hook as BigCommerce does.
    func settle(_ delivery: WebhookDelivery, acknowledged: Bool, exhausted: Bool, now: Int) {
        counts.pending -= 1
        if acknowledged { counts.delivered += 1 }
        guard exhausted, var hook = hooks[delivery.hookId], hook.isActive else { return }
        hook.isActive = false
        hook.updatedAt = now
        hooks[hook.id] = hook
        counts.deactivated += 1
    }

    /// The counters and the latest attempts, for `GET /sandbox/store/webhooks`.
    var stats: WireValue {
        .object(counts.wireMembers + [("deliveries", .array(recent.map(\.wireValue)))])
    }
}

/// The counters of the webhooks sent.
struct WebhookCounts: Sendable {
    /// Events fired.
    var fired = 0
    /// Deliveries acknowledged with a 2xx.
    var delivered = 0
    /// POSTs made, retries included.
    var attempts = 0
    /// POSTs that got no 2xx.
    var failedAttempts = 0
    /// Deliveries neither acknowledged nor given up yet.
    var pending = 0
    /// Hooks deactivated for failing to the end of the retry schedule.
    var deactivated = 0

    var wireMembers: [(String, WireValue)] {
        [
            ("fired", .integer(fired)), ("delivered", .integer(delivered)), ("attempts", .integer(attempts)),
            ("failedAttempts", .integer(failedAttempts)), ("pending", .integer(pending)),
            ("deactivated", .integer(deactivated)),
        ]
    }
}

/// One attempt, as `GET /sandbox/store/webhooks` lists it.
struct WebhookAttemptRecord: Sendable {
    let delivery: WebhookDelivery
    /// 1 for the first try.
    let attempt: Int
    let outcome: WebhookAttemptOutcome

    /// The destination's path only: its host may be anyone's, its query may hold secrets.
    var wireValue: WireValue {
        let (status, error): (WireValue, WireValue) =
            switch outcome {
            case .answered(let code): (.integer(code), .null)
            case .failed(let reason): (.null, .string(reason))
            }
        return .object([
            ("hookId", .integer(delivery.hookId)), ("scope", .string(delivery.scope.rawValue)),
            ("hash", .string(delivery.eventHash)), ("webhookId", .string(delivery.messageId)),
            ("destination", .string(HTTPURL(delivery.destination)?.path ?? "/")), ("attempt", .integer(attempt)),
            ("status", status), ("error", error),
        ])
    }
}
