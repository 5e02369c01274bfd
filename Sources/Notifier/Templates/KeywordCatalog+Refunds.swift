extension KeywordCatalog {
    /// Order refund created: the payload's `store_id`, `data.refund.refund_id`, `data.id` (the order) and
    /// `created_at`, then the refund (`GET /v3/orders/payment_actions/refunds/{refund_id}`) and the order.
    static let refunds: [TemplateKeyword] =
        [
            payload("refunds.store_id", "The store's BigCommerce ID", sample: sampleStoreID),
            payload("refunds.id", "The refund's ID", sample: "3"),
            payload("refunds.orderId", "The order refunded", sample: String(sampleOrderID)),
            payload("refunds.created_at", "When the event happened (UTC)", sample: sampleCreatedAtText),
            stored("refunds.amount", "The amount refunded, with the order's currency", sample: "MYR 20.00"),
            stored("refunds.reason", "Why the refund was made", sample: "Item out of stock"),
            stored(
                "refunds.customer_name", "The customer's full name (the order's billing address)",
                sample: "Aisyah Rahman"),
            stored(
                "refunds.customer_first_name", "The customer's first name (the order's billing address)",
                sample: "Aisyah"),
        ] + store
}
