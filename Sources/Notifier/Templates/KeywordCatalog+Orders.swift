extension KeywordCatalog {
    /// Order created, updated and archived: the payload's `store_id`, `data.id` and `created_at`, then the order
    /// (`GET /v2/orders/{id}`).
    static let orders: [TemplateKeyword] =
        [
            payload("orders.store_id", "The store's BigCommerce ID", sample: sampleStoreID),
            payload("orders.id", "The order number", sample: String(sampleOrderID)),
            payload("orders.created_at", "When the event happened (UTC)", sample: sampleCreatedAtText),
            stored("orders.status", "The order's status", sample: "Awaiting Fulfillment"),
            stored("orders.total", "The order's total with tax, with its currency", sample: "MYR 120.50"),
            stored("orders.currency", "The order's currency code", sample: "MYR"),
            stored("orders.items_total", "How many items were ordered", sample: "3"),
            stored("orders.payment_method", "How the customer pays", sample: "Cash on Delivery"),
            stored("orders.date_created", "When the order was placed (UTC)", sample: "2021-09-20 05:07:41.000Z"),
            stored("orders.customer_name", "The customer's full name (billing address)", sample: "Aisyah Rahman"),
            stored("orders.customer_first_name", "The customer's first name (billing address)", sample: "Aisyah"),
            stored("orders.customer_phone", "The customer's phone number (billing address)", sample: "012-345 6789"),
            stored("orders.customer_email", "The customer's email address", sample: "aisyah@example.com"),
            stored("orders.customer_message", "The customer's note on the order", sample: "Please call on arrival"),
        ] + store
}
