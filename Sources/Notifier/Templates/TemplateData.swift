import JSONCore

/// Keyword values for an event from a webhook payload (as BigCommerce sends it) and optional resource data.
///
/// The payload gives the keywords that are always there: `store_id`, the event's own ID (`data.id`; for a refund
/// `data.refund.refund_id`, for a message `data.message.order_message_id`), the order it belongs to
/// (`data.orderId` for shipments; `data.id` for refunds and messages) and `created_at` as a ``SeedDate``.
///
/// `resources` is an object of the store's data, each member keyed by the BigCommerce resource's singular name and
/// holding the object as BigCommerce's API returns it (a v3 `{"data": …}` envelope or a list's first element is
/// unwrapped):
///
/// | key | source | gives |
/// |---|---|---|
/// | `order` | `GET /v2/orders/{id}` | `orders.*`; the customer's names elsewhere; a refund's currency |
/// | `shipment` | `GET /v2/orders/{order_id}/shipments/{id}` | `shipments.*` |
/// | `refund` | `GET /v3/orders/payment_actions/refunds/{refund_id}` | `refunds.amount`, `refunds.reason` |
/// | `message` | `GET /v2/orders/{order_id}/messages` (the list or the one message) | `messages.*` |
/// | `cart` | `GET /v3/carts/{id}` | `carts.total`, `carts.currency`, `carts.items_total`, `carts.link` |
/// | `checkout` | `GET /v3/checkouts/{id}` | the cart's customer names (billing address) |
/// | `customer` | `GET /v3/customers?id:in=…` | the cart's customer names, when the checkout has none |
/// | `redirect_urls` | `POST /v3/carts/{id}/redirect_urls` | `carts.link` (`cart_url`) |
/// | `store` | `GET /v2/store` | `store.name`, `store.domain`, `store.url`, `store.phone` |
///
/// A member keyed by one of the event's keyword names (`"carts.link": "https://…"`) gives that keyword's value
/// directly and wins over everything else. Values that are absent, empty or of the wrong kind are left out, so
/// the template lists their keywords as missing; so are names that are not keywords of the event.
public enum TemplateData {
    /// Keyword values for `event` from its webhook `payload` and the store's data in `resources`.
    ///
    /// `payload`: the webhook envelope `{"scope":…,"store_id":…,"data":{…},"created_at":…}` (the `data` object
    /// alone is accepted too); `resources`: see ``TemplateData``.
    public static func values(for event: StoreEvent, payload: JSONValue?, resources: JSONValue?) -> [String: String] {
        let names = Set(KeywordCatalog.names(for: event))
        let store = ResourceSet(resources)
        var values = PayloadValues.values(for: event, payload: payload)
        for (name, value) in ResourceValues.values(for: event, from: store, payload: values) where values[name] == nil {
            values[name] = value
        }
        for (name, value) in store.explicitValues where names.contains(name) {
            values[name] = value
        }
        return values.filter { names.contains($0.key) }
    }

    /// Sample values of every keyword of `event` (the catalog's samples).
    public static func sampleValues(for event: StoreEvent) -> [String: String] {
        var values: [String: String] = [:]
        for keyword in KeywordCatalog.keywords(for: event) {
            values[keyword.name] = keyword.sample
        }
        return values
    }

    /// A sample webhook payload for `event`, as BigCommerce would send it.
    public static func samplePayload(for event: StoreEvent) -> JSONValue {
        SampleData.payload(for: event)
    }

    /// Sample store data for `event`, keyed as `resources` expects: with ``samplePayload(for:)`` it gives every
    /// keyword its catalog sample.
    public static func sampleResources(for event: StoreEvent) -> JSONValue {
        SampleData.resources(for: event)
    }
}
