/// The nine store events the sandbox's store fires, by their BigCommerce webhook scope.
enum WebhookScope: String, CaseIterable, Sendable {
    case cartAbandoned = "store/cart/abandoned"
    case orderArchived = "store/order/archived"
    case orderCreated = "store/order/created"
    case orderUpdated = "store/order/updated"
    case orderMessageCreated = "store/order/message/created"
    case orderRefundCreated = "store/order/refund/created"
    case shipmentCreated = "store/shipment/created"
    case shipmentDeleted = "store/shipment/deleted"
    case shipmentUpdated = "store/shipment/updated"

    /// The scopes, for error messages: `store/cart/abandoned, store/order/archived, ...`.
    static let accepted = allCases.map(\.rawValue).joined(separator: ", ")
}
