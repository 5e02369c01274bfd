import JSONCore

/// The keywords every delivery carries, read from the webhook payload as BigCommerce sends it.
enum PayloadValues {
    /// `store_id`, the event's ID, the order's ID and `created_at`, under the event's keyword names.
    static func values(for event: StoreEvent, payload: JSONValue?) -> [String: String] {
        guard let payload, payload.objectValue != nil else { return [:] }
        // The envelope's `data`, or the payload itself when it is the `data` object alone.
        let data = payload["data"]?.objectValue != nil ? payload["data"] : payload
        let prefix = event.resource
        var values: [String: String] = [:]
        values["\(prefix).store_id"] = TemplateValue.text(payload["store_id"])
        values["\(prefix).created_at"] = TemplateValue.date(payload["created_at"])
        switch event {
        case .cartAbandoned, .orderArchived, .orderCreated, .orderUpdated:
            values["\(prefix).id"] = TemplateValue.text(data?["id"])
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated:
            values["\(prefix).id"] = TemplateValue.text(data?["id"])
            values["\(prefix).orderId"] = TemplateValue.first(data?["orderId"], data?["order_id"])
        case .orderRefundCreated:
            values["\(prefix).id"] = TemplateValue.text(data?["refund"]?["refund_id"])
            values["\(prefix).orderId"] = TemplateValue.text(data?["id"])
        case .orderMessageCreated:
            values["\(prefix).id"] = TemplateValue.text(data?["message"]?["order_message_id"])
            values["\(prefix).orderId"] = TemplateValue.text(data?["id"])
        }
        return values
    }
}
