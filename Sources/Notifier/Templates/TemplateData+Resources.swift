import JSONCore

/// The store's data given to ``TemplateData/values(for:payload:resources:)``: BigCommerce objects by resource
/// name, and values given directly by keyword name.
struct ResourceSet {
    private var objects: [String: JSONValue] = [:]
    /// Members keyed by a keyword name (`carts.link`), with their text.
    private(set) var explicitValues: [String: String] = [:]

    init(_ resources: JSONValue?) {
        for member in resources?.objectValue ?? JSONObject() {
            if member.key.contains(".") {
                if let text = TemplateValue.text(member.value) {
                    explicitValues[member.key] = text
                }
            } else {
                objects[member.key] = member.value
            }
        }
    }

    /// The resource `name` as an object: a v3 `{"data": {…}}` envelope unwrapped, and from a list (a v2 array or a
    /// v3 `{"data": […]}`) the element whose `id` is `id`, else the first.
    subscript(name: String, id id: String? = nil) -> JSONValue? {
        guard var value = objects[name] else { return nil }
        if case .object(let object) = value, let data = object["data"],
            data.objectValue != nil || data.arrayValue != nil
        {
            value = data
        }
        if case .array(let elements) = value {
            let candidates = elements.filter { $0.objectValue != nil }
            return candidates.first { id != nil && TemplateValue.text($0["id"]) == id } ?? candidates.first
        }
        return value.objectValue != nil ? value : nil
    }
}

/// The keywords of the store's data, per event.
enum ResourceValues {
    /// The values of `event`'s keywords found in `resources`; `payload` (the payload's values) picks a message
    /// out of a list by its ID.
    static func values(
        for event: StoreEvent, from resources: ResourceSet, payload: [String: String] = [:]
    ) -> [String: String] {
        var values = storeValues(resources["store"])
        let order = resources["order"]
        switch event {
        case .orderArchived, .orderCreated, .orderUpdated:
            values.merge(orderValues(order)) { current, _ in current }
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated:
            values.merge(shipmentValues(resources["shipment"], order: order)) { current, _ in current }
        case .orderRefundCreated:
            values.merge(refundValues(resources["refund"], order: order)) { current, _ in current }
        case .orderMessageCreated:
            values.merge(messageValues(resources["message", id: payload["messages.id"]], order: order)) { current, _ in
                current
            }
        case .cartAbandoned:
            values.merge(cartValues(resources)) { current, _ in current }
        }
        return values.compactMapValues { $0 }
    }

    /// `GET /v2/store`.
    static func storeValues(_ store: JSONValue?) -> [String: String?] {
        let domain = TemplateValue.text(store?["domain"])
        return [
            "store.name": TemplateValue.text(store?["name"]),
            "store.domain": domain,
            "store.url": TemplateValue.text(store?["secure_url"]) ?? domain.map { "https://\($0)" },
            "store.phone": TemplateValue.text(store?["phone"]),
        ]
    }

    /// `GET /v2/orders/{id}`.
    static func orderValues(_ order: JSONValue?) -> [String: String?] {
        let currency = TemplateValue.text(order?["currency_code"])
        let billing = order?["billing_address"]
        return [
            "orders.id": TemplateValue.text(order?["id"]),
            "orders.status": TemplateValue.text(order?["status"]),
            "orders.total": TemplateValue.money(order?["total_inc_tax"], currency: currency),
            "orders.currency": currency,
            "orders.items_total": TemplateValue.text(order?["items_total"]),
            "orders.payment_method": TemplateValue.text(order?["payment_method"]),
            "orders.date_created": TemplateValue.date(order?["date_created"]),
            "orders.customer_name": TemplateValue.fullName(billing),
            "orders.customer_first_name": TemplateValue.firstName(billing),
            "orders.customer_phone": TemplateValue.text(billing?["phone"]),
            "orders.customer_email": TemplateValue.text(billing?["email"]),
            "orders.customer_message": TemplateValue.text(order?["customer_message"]),
        ]
    }

    /// `GET /v2/orders/{order_id}/shipments/{id}`; the customer from its shipping address, else the order's
    /// billing address.
    static func shipmentValues(_ shipment: JSONValue?, order: JSONValue?) -> [String: String?] {
        let person =
            TemplateValue.fullName(shipment?["shipping_address"]) != nil
            ? shipment?["shipping_address"] : order?["billing_address"]
        return [
            "shipments.id": TemplateValue.text(shipment?["id"]),
            "shipments.orderId": TemplateValue.first(shipment?["order_id"], order?["id"]),
            "shipments.tracking_number": TemplateValue.text(shipment?["tracking_number"]),
            "shipments.shipping_provider": TemplateValue.first(
                shipment?["shipping_provider_display_name"], shipment?["tracking_carrier"],
                shipment?["shipping_provider"]),
            "shipments.tracking_link": TemplateValue.first(
                shipment?["tracking_link"], shipment?["generated_tracking_link"]),
            "shipments.shipping_method": TemplateValue.text(shipment?["shipping_method"]),
            "shipments.items_total": TemplateValue.quantity(shipment?["items"]?.arrayValue ?? []),
            "shipments.date_created": TemplateValue.date(shipment?["date_created"]),
            "shipments.customer_name": TemplateValue.fullName(person),
            "shipments.customer_first_name": TemplateValue.firstName(person),
        ]
    }

    /// `GET /v3/orders/payment_actions/refunds/{refund_id}`; the currency and the customer from the order.
    static func refundValues(_ refund: JSONValue?, order: JSONValue?) -> [String: String?] {
        let currency = TemplateValue.text(order?["currency_code"])
        return [
            "refunds.id": TemplateValue.text(refund?["id"]),
            "refunds.orderId": TemplateValue.first(refund?["order_id"], order?["id"]),
            "refunds.amount": TemplateValue.money(refund?["total_amount"], currency: currency),
            "refunds.reason": TemplateValue.text(refund?["reason"]),
            "refunds.customer_name": TemplateValue.fullName(order?["billing_address"]),
            "refunds.customer_first_name": TemplateValue.firstName(order?["billing_address"]),
        ]
    }

    /// `GET /v2/orders/{order_id}/messages`; the customer from the message's `customer`, else the order's billing
    /// address.
    static func messageValues(_ message: JSONValue?, order: JSONValue?) -> [String: String?] {
        let person =
            TemplateValue.fullName(message?["customer"]) != nil
            ? message?["customer"] : order?["billing_address"]
        return [
            "messages.id": TemplateValue.text(message?["id"]),
            "messages.orderId": TemplateValue.first(message?["order_id"], order?["id"]),
            "messages.subject": TemplateValue.text(message?["subject"]),
            "messages.text": TemplateValue.text(message?["message"]),
            "messages.date_created": TemplateValue.date(message?["date_created"]),
            "messages.customer_name": TemplateValue.fullName(person),
            "messages.customer_first_name": TemplateValue.firstName(person),
        ]
    }

    /// `GET /v3/carts/{id}`, its checkout's billing address or its customer, and its redirect URLs.
    static func cartValues(_ resources: ResourceSet) -> [String: String?] {
        let cart = resources["cart"]
        let currency = TemplateValue.text(cart?["currency"]?["code"])
        let lineItems = cart?["line_items"]
        let items = ["physical_items", "digital_items", "custom_items"].flatMap {
            lineItems?[$0]?.arrayValue ?? []
        }
        // Each gift certificate counts as one item; physical, digital and custom items by their quantity.
        let giftCertificates = lineItems?["gift_certificates"]?.arrayValue?.count ?? 0
        let itemCount = TemplateValue.quantity(items, plus: giftCertificates)
        let links = resources["redirect_urls"] ?? cart?["redirect_urls"]
        let billing = resources["checkout"]?["billing_address"]
        let person = TemplateValue.fullName(billing) != nil ? billing : resources["customer"]
        return [
            "carts.id": TemplateValue.text(cart?["id"]),
            "carts.total": TemplateValue.money(cart?["cart_amount"], currency: currency),
            "carts.currency": currency,
            "carts.items_total": itemCount,
            "carts.link": TemplateValue.first(links?["cart_url"], links?["checkout_url"]),
            "carts.customer_name": TemplateValue.fullName(person),
            "carts.customer_first_name": TemplateValue.firstName(person),
        ]
    }
}
