/// The keywords a template of each event may use, as the seed's keyword modal lists them.
///
/// Keywords are `resource.field`: the plural resource the event is about (`carts`, `orders`, `messages`,
/// `refunds`, `shipments`) and the webhook payload's own field names (`shipments.orderId`), then the fields of
/// the store's data behind the event (`shipments.tracking_number`), then the store's own keywords (`store.name`).
/// Payload keywords are ``TemplateKeyword/Availability/always`` there; the others only when
/// ``TemplateData/values(for:payload:resources:)`` is given the store's data.
public enum KeywordCatalog {
    /// The keywords of `event`, payload keywords first, each with a description and a sample value.
    public static func keywords(for event: StoreEvent) -> [TemplateKeyword] {
        switch event {
        case .cartAbandoned: carts
        case .orderArchived, .orderCreated, .orderUpdated: orders
        case .orderMessageCreated: messages
        case .orderRefundCreated: refunds
        case .shipmentCreated, .shipmentUpdated: shipments
        case .shipmentDeleted: deletedShipments
        }
    }

    /// The names of `event`'s keywords, in catalog order.
    public static func names(for event: StoreEvent) -> [String] {
        keywords(for: event).map(\.name)
    }

    /// The keyword of `event` called `name`; nil when the event has none by that name.
    public static func keyword(named name: String, for event: StoreEvent) -> TemplateKeyword? {
        keywords(for: event).first { $0.name == name }
    }

    /// A keyword that every delivery of the event carries.
    static func payload(_ name: String, _ description: String, sample: String) -> TemplateKeyword {
        TemplateKeyword(name: name, description: description, sample: sample, availability: .always)
    }

    /// A keyword that has a value only when the store's data is given.
    static func stored(_ name: String, _ description: String, sample: String) -> TemplateKeyword {
        TemplateKeyword(name: name, description: description, sample: sample, availability: .whenStoreDataProvided)
    }

    /// The sample store, as its BigCommerce ID appears in every sample payload.
    static let sampleStoreID = "1025646"
    /// The sample delivery time: unix seconds 1632114489, the seed's `2021-09-20 05:08:09.000Z`.
    static let sampleCreatedAt = 1_632_114_489
    /// `sampleCreatedAt` as templates show it.
    static let sampleCreatedAtText = "2021-09-20 05:08:09.000Z"
    /// The sample order, as the seed's history shows it.
    static let sampleOrderID = 102
}
