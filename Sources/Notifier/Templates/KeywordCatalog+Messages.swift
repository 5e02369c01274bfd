extension KeywordCatalog {
    /// Order message created: the payload's `store_id`, `data.message.order_message_id`, `data.id` (the order)
    /// and `created_at`, then the message (`GET /v2/orders/{order_id}/messages`) and the order.
    static let messages: [TemplateKeyword] =
        [
            payload("messages.store_id", "The store's BigCommerce ID", sample: sampleStoreID),
            payload("messages.id", "The message's ID", sample: "3"),
            payload("messages.orderId", "The order the message is about", sample: String(sampleOrderID)),
            payload("messages.created_at", "When the event happened (UTC)", sample: sampleCreatedAtText),
            stored("messages.subject", "The message's subject", sample: "Delivery time"),
            stored("messages.text", "What the message says", sample: "Can you deliver after 6 pm?"),
            stored("messages.customer_name", "The customer's full name", sample: "Aisyah Rahman"),
            stored("messages.customer_first_name", "The customer's first name", sample: "Aisyah"),
            stored("messages.date_created", "When the message was written (UTC)", sample: "2021-09-20 05:08:05.000Z"),
        ] + store
}
