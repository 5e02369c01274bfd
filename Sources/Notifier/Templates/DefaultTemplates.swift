/// The templates a store starts with, in the seed's style: short, one SMS part, and only keywords that every
/// delivery of the event carries, so they never render with a gap.
public enum DefaultTemplates {
    /// A sensible template in the seed's style for each event and audience.
    public static func text(for event: StoreEvent, audience: Audience) -> String {
        switch (event, audience) {
        case (.cartAbandoned, .admin):
            "Cart {carts.id} was abandoned at {carts.created_at}."
        case (.cartAbandoned, .customer):
            "You left items in your cart. Come back anytime to complete your order!"
        case (.orderArchived, .admin):
            "Order #{orders.id} was archived at {orders.created_at}."
        case (.orderArchived, .customer):
            "Your order #{orders.id} has been archived."
        case (.orderCreated, .admin):
            "New order #{orders.id} received at {orders.created_at}."
        case (.orderCreated, .customer):
            "Thank you! Your order #{orders.id} has been received."
        case (.orderUpdated, .admin):
            "Order #{orders.id} was updated at {orders.created_at}."
        case (.orderUpdated, .customer):
            "Your order #{orders.id} has been updated."
        case (.orderMessageCreated, .admin):
            "New message {messages.id} on order #{messages.orderId} at {messages.created_at}."
        case (.orderMessageCreated, .customer):
            "You have a new message about your order #{messages.orderId}."
        case (.orderRefundCreated, .admin):
            "Refund {refunds.id} created for order #{refunds.orderId} at {refunds.created_at}."
        case (.orderRefundCreated, .customer):
            "A refund for your order #{refunds.orderId} has been issued."
        case (.shipmentCreated, .admin):
            "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."
        case (.shipmentCreated, .customer):
            "Good news! Your order #{shipments.orderId} has been shipped."
        case (.shipmentDeleted, .admin):
            "Shipment {shipments.id} of order {shipments.orderId} was deleted at {shipments.created_at}."
        case (.shipmentDeleted, .customer):
            "A shipment of your order #{shipments.orderId} has been cancelled."
        case (.shipmentUpdated, .admin):
            "Shipment {shipments.id} of order {shipments.orderId} was updated at {shipments.created_at}."
        case (.shipmentUpdated, .customer):
            "The shipment of your order #{shipments.orderId} has been updated."
        }
    }

    /// The default template of `event` for `audience`, parsed.
    public static func template(for event: StoreEvent, audience: Audience) -> MessageTemplate {
        // Every default parses against its event's catalog (a test holds it).
        try! MessageTemplate(text(for: event, audience: audience), event: event)
    }
}
