extension KeywordCatalog {
    /// The shipment events' payload keywords: `store_id`, `data.id`, `data.orderId` and `created_at`.
    static let shipmentPayload: [TemplateKeyword] = [
        payload("shipments.store_id", "The store's BigCommerce ID", sample: sampleStoreID),
        payload("shipments.id", "The shipment's ID", sample: "1"),
        payload("shipments.orderId", "The order the shipment belongs to", sample: String(sampleOrderID)),
        payload("shipments.created_at", "When the event happened (UTC)", sample: sampleCreatedAtText),
    ]

    /// The customer's names: from the shipment's shipping address, else the order's billing address.
    static let shipmentCustomer: [TemplateKeyword] = [
        stored("shipments.customer_name", "The customer's full name", sample: "Aisyah Rahman"),
        stored("shipments.customer_first_name", "The customer's first name", sample: "Aisyah"),
    ]

    /// Shipment created and updated: the payload, then the shipment (`GET /v2/orders/{order_id}/shipments/{id}`).
    static let shipments: [TemplateKeyword] =
        shipmentPayload + [
            stored("shipments.tracking_number", "The parcel's tracking number", sample: "ER123456789MY"),
            stored("shipments.shipping_provider", "Who delivers the parcel", sample: "Pos Malaysia"),
            stored(
                "shipments.tracking_link", "Where the customer can follow the parcel",
                sample: "https://tracking.pos.com.my/tracking/ER123456789MY"),
            stored("shipments.shipping_method", "The shipping option the customer chose", sample: "Standard Delivery"),
            stored("shipments.items_total", "How many items are in the shipment", sample: "2"),
            stored("shipments.date_created", "When the shipment was made (UTC)", sample: "2021-09-20 05:08:02.000Z"),
        ] + shipmentCustomer + store

    /// Shipment deleted: a deleted shipment cannot be fetched, so only the payload, the customer (from the order)
    /// and the store.
    static let deletedShipments: [TemplateKeyword] = shipmentPayload + shipmentCustomer + store
}
