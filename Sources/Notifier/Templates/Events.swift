import JSONCore

/// The nine store events, named by their webhook scopes.
public enum StoreEvent: String, CaseIterable, Sendable, Codable, StringEnumeration {
    case cartAbandoned = "store/cart/abandoned"
    case orderArchived = "store/order/archived"
    case orderCreated = "store/order/created"
    case orderUpdated = "store/order/updated"
    case orderMessageCreated = "store/order/message/created"
    case orderRefundCreated = "store/order/refund/created"
    case shipmentCreated = "store/shipment/created"
    case shipmentDeleted = "store/shipment/deleted"
    case shipmentUpdated = "store/shipment/updated"

    /// The event's name in the settings: "Cart abandoned", "Order created"...
    public var title: String {
        switch self {
        case .cartAbandoned: "Cart abandoned"
        case .orderArchived: "Order archived"
        case .orderCreated: "Order created"
        case .orderUpdated: "Order updated"
        case .orderMessageCreated: "Order message created"
        case .orderRefundCreated: "Order refund created"
        case .shipmentCreated: "Shipment created"
        case .shipmentDeleted: "Shipment deleted"
        case .shipmentUpdated: "Shipment updated"
        }
    }

    public static let valueNoun = "an event"

    /// The webhook scope (`store/order/created`); the same as `rawValue`.
    public var scope: String { rawValue }

    /// The event of a webhook scope; nil for a scope that is not one of the nine.
    public init?(scope: String) {
        self.init(rawValue: scope)
    }

    /// The resource the event is about, which prefixes its keywords: `carts`, `orders`, `messages`, `refunds`
    /// or `shipments`.
    public var resource: String {
        switch self {
        case .cartAbandoned: "carts"
        case .orderArchived, .orderCreated, .orderUpdated: "orders"
        case .orderMessageCreated: "messages"
        case .orderRefundCreated: "refunds"
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated: "shipments"
        }
    }
}

/// Who an event's SMS goes to: the store's admins or the customer concerned.
public enum Audience: String, CaseIterable, Sendable, Codable, StringEnumeration {
    case admin
    case customer

    public static let valueNoun = "an audience"
}
