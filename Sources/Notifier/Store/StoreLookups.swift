import BigCommerceAPI
import Foundation
import JSONCore

/// Which of the store's resources an event's SMS need, and fetching each once.
///
/// Store quota is scarce (all apps of a store share about 5 requests a second), so nothing is fetched that no
/// enabled template or audience needs: the event's own resource when a template uses its store fields, the
/// order when the customer is notified (its billing address has the phone) or a template uses its fields, the
/// cart for an abandoned cart (to know it has not become an order), the checkout for the customer's phone,
/// the store's profile when a template uses `store.*`. Resources given with the event are never fetched.
public enum StoreLookups {
    /// A resource behind an event, by the key `template.render`'s `resources` uses.
    public enum Resource: String, CaseIterable, Sendable, Hashable {
        case order, shipment, message, refund, cart, checkout, store
    }

    /// The resources `event`'s enabled audiences need.
    ///
    /// - Parameters:
    ///   - templates: the templates of the audiences that have the event on.
    ///   - customer: whether the customer audience has it on.
    ///   - given: the resources that came with the event.
    public static func needed(
        for event: StoreEvent, templates: [String], customer: Bool, given: JSONValue?
    ) -> Set<Resource> {
        guard !templates.isEmpty else { return [] }
        let keywords = Set(
            templates.flatMap { (try? MessageTemplate($0, event: event))?.keywords ?? [] })
        let storeKeywords = Set(
            KeywordCatalog.keywords(for: event).filter { $0.availability == .whenStoreDataProvided }.map(\.name))
        let used = keywords.intersection(storeKeywords)
        var needed: Set<Resource> = []
        if used.contains(where: { $0.hasPrefix("store.") }) { needed.insert(.store) }
        let ownFields = used.contains { $0.hasPrefix(event.resource + ".") }
        switch event {
        case .cartAbandoned:
            // Always: a cart that has become an order (or was purged) is gone, and nobody is told of it.
            needed.insert(.cart)
            if customer || ownFields { needed.insert(.checkout) }
        case .orderArchived, .orderCreated, .orderUpdated:
            if customer || ownFields || event == .orderUpdated { needed.insert(.order) }
        case .orderMessageCreated:
            if ownFields { needed.insert(.message) }
            if customer || ownFields { needed.insert(.order) }
        case .orderRefundCreated:
            if ownFields { needed.insert(.refund) }
            if customer || ownFields { needed.insert(.order) }
        case .shipmentCreated, .shipmentUpdated:
            if ownFields || customer { needed.insert(.shipment) }
            if customer { needed.insert(.order) }
        case .shipmentDeleted:
            // A deleted shipment cannot be fetched; the order has the customer.
            if customer { needed.insert(.order) }
        }
        let present = Set(given?.objectValue?.keys.compactMap(Resource.init(rawValue:)) ?? [])
        return needed.subtracting(present)
    }

    /// What fetching gave.
    public struct Fetched: Sendable {
        /// The resources, keyed for `template.render`.
        public var resources: [Resource: JSONValue] = [:]
        /// Resources the store does not have (deleted, purged): final.
        public var gone: [Resource: String] = [:]
        /// A failure that may pass: the event should wait and be tried again.
        public var transient: BigCommerceError?
        /// A failure that will not pass (a refused token...).
        public var failed: [Resource: String] = [:]
    }

    /// Fetches `needed` for the event with `data` (the webhook's `data` object), each once.
    public static func fetch(
        _ needed: Set<Resource>, event: StoreEvent, data: JSONValue?, client: BigCommerceClient
    ) async -> Fetched {
        var fetched = Fetched()
        let id = data?["id"].flatMap(TemplateValue.text)
        let orderID =
            switch event {
            case .shipmentCreated, .shipmentDeleted, .shipmentUpdated:
                TemplateValue.first(data?["orderId"], data?["order_id"])
            default: id
            }
        for resource in Resource.allCases where needed.contains(resource) {
            guard let path = path(of: resource, event: event, id: id, orderID: orderID, data: data) else { continue }
            do {
                var value = try await client.get(path)
                if resource == .message, case .array(let messages) = value { value = messages.first ?? .null }
                fetched.resources[resource] = value
            } catch {
                switch error.kind {
                case .gone: fetched.gone[resource] = error.message
                case _ where error.isTransient:
                    fetched.transient = error
                    return fetched
                default: fetched.failed[resource] = error.message
                }
            }
        }
        return fetched
    }

    private static func path(
        of resource: Resource, event: StoreEvent, id: String?, orderID: String?, data: JSONValue?
    ) -> String? {
        switch resource {
        case .order: orderID.map { "/v2/orders/\($0)" }
        case .shipment: id.flatMap { id in orderID.map { "/v2/orders/\($0)/shipments/\(id)" } }
        case .message:
            (data?["message"]?["order_message_id"]).flatMap(TemplateValue.text).flatMap { message in
                orderID.map { "/v2/orders/\($0)/messages?min_id=\(message)&max_id=\(message)" }
            }
        case .refund:
            (data?["refund"]?["refund_id"]).flatMap(TemplateValue.text).map {
                "/v3/orders/payment_actions/refunds/\($0)"
            }
        case .cart: id.map { "/v3/carts/\($0)" }
        case .checkout: id.map { "/v3/checkouts/\($0)" }
        case .store: "/v2/store"
        }
    }

    /// How long an event waits after `attempts` failed look-ups: BigCommerce's own retry schedule, from 60 s
    /// to a day; nil once two days of tries are spent.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval? {
        let schedule: [TimeInterval] = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21_600, 50_400, 86_400]
        return attempts >= 1 && attempts <= schedule.count ? schedule[attempts - 1] : nil
    }
}
