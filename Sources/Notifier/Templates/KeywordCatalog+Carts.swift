extension KeywordCatalog {
    /// The sample cart's ID (carts are named by a UUID).
    static let sampleCartID = "6a3c8f12-9b4e-4d2a-8f1e-2c7b5d9e0a41"
    /// The sample cart's recovery link (its `cart_url`).
    static let sampleCartLink = "https://myshop.com.my/cart.php?action=load&id=\(sampleCartID)&token=9f2c4b"

    /// Cart abandoned: the payload's `store_id`, `data.id` (a UUID) and `created_at`, then the cart
    /// (`GET /v3/carts/{id}`), its checkout, its customer and its recovery link.
    static let carts: [TemplateKeyword] =
        [
            payload("carts.store_id", "The store's BigCommerce ID", sample: sampleStoreID),
            payload("carts.id", "The cart's ID", sample: sampleCartID),
            payload("carts.created_at", "When the event happened (UTC)", sample: sampleCreatedAtText),
            stored("carts.total", "The cart's total, with its currency", sample: "MYR 89.90"),
            stored("carts.currency", "The cart's currency code", sample: "MYR"),
            stored("carts.items_total", "How many items are in the cart", sample: "2"),
            stored("carts.link", "A link that brings the customer back to the cart", sample: sampleCartLink),
            stored("carts.customer_name", "The customer's full name", sample: "Aisyah Rahman"),
            stored("carts.customer_first_name", "The customer's first name", sample: "Aisyah"),
        ] + store
}
