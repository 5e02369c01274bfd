extension KeywordCatalog {
    /// The store's own keywords, offered by every event; from the store's profile (`GET /v2/store`).
    static let store: [TemplateKeyword] = [
        stored("store.name", "The store's name", sample: "MyShop"),
        stored("store.domain", "The store's web address, without https://", sample: "myshop.com.my"),
        stored("store.url", "The store's full web address", sample: "https://myshop.com.my"),
        stored("store.phone", "The store's phone number", sample: "+60 3-2161 2345"),
    ]
}
