import Testing

@testable import Notifier

@Suite struct KeywordCatalogTests {
    @Test(arguments: StoreEvent.allCases)
    func everyCatalogIsNonEmptyWithUniqueNames(_ event: StoreEvent) {
        let names = KeywordCatalog.names(for: event)
        #expect(!names.isEmpty)
        #expect(Set(names).count == names.count, "\(names)")
    }

    @Test(arguments: StoreEvent.allCases)
    func everyNameIsPrefixedByTheEventsResourceOrTheStore(_ event: StoreEvent) {
        for name in KeywordCatalog.names(for: event) {
            #expect(name.hasPrefix(event.resource + ".") || name.hasPrefix("store."), "\(name)")
            let field = name.split(separator: ".", maxSplits: 1).last ?? ""
            #expect(!field.isEmpty && field.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "\(name)")
        }
    }

    @Test(arguments: StoreEvent.allCases)
    func everyKeywordHasADescriptionAndASample(_ event: StoreEvent) {
        for keyword in KeywordCatalog.keywords(for: event) {
            #expect(!keyword.description.isEmpty, "\(keyword.name)")
            #expect(!keyword.sample.isEmpty, "\(keyword.name)")
            #expect(!keyword.sample.contains("{") && !keyword.sample.contains("}"), "\(keyword.name)")
        }
    }

    @Test(arguments: StoreEvent.allCases)
    func payloadKeywordsComeFirstAndAreAlwaysThere(_ event: StoreEvent) {
        let keywords = KeywordCatalog.keywords(for: event)
        let always = keywords.prefix { $0.availability == .always }.map(\.name)
        #expect(keywords.dropFirst(always.count).allSatisfy { $0.availability == .whenStoreDataProvided })
        let prefix = event.resource
        var expected = ["\(prefix).store_id", "\(prefix).id", "\(prefix).created_at"]
        if event.resource != "carts" && event.resource != "orders" {
            expected.insert("\(prefix).orderId", at: 2)
        }
        #expect(always == expected)
    }

    @Test(arguments: StoreEvent.allCases)
    func everyEventOffersTheStoresKeywords(_ event: StoreEvent) {
        let names = Set(KeywordCatalog.names(for: event))
        #expect(names.isSuperset(of: ["store.name", "store.domain"]))
    }

    @Test func theResourceFieldsTheSeedNamesAreOffered() {
        let shipments = Set(KeywordCatalog.names(for: .shipmentCreated))
        #expect(
            shipments.isSuperset(of: [
                "shipments.tracking_number", "shipments.shipping_provider", "shipments.tracking_link",
                "shipments.customer_name",
            ]))
        let orders = Set(KeywordCatalog.names(for: .orderCreated))
        #expect(
            orders.isSuperset(of: [
                "orders.status", "orders.total", "orders.currency", "orders.customer_name", "orders.payment_method",
                "orders.items_total",
            ]))
        #expect(
            Set(KeywordCatalog.names(for: .orderRefundCreated)).isSuperset(of: ["refunds.amount", "refunds.reason"]))
        #expect(
            Set(KeywordCatalog.names(for: .orderMessageCreated)).isSuperset(of: ["messages.text", "messages.subject"]))
        #expect(
            Set(KeywordCatalog.names(for: .cartAbandoned)).isSuperset(of: [
                "carts.customer_name", "carts.total", "carts.link",
            ]))
    }

    @Test func aDeletedShipmentOffersNoFieldsOfTheShipmentItself() {
        let names = KeywordCatalog.names(for: .shipmentDeleted)
        #expect(!names.contains("shipments.tracking_number"))
        #expect(names.contains("shipments.orderId") && names.contains("shipments.customer_name"))
    }

    @Test func lookUpByName() {
        let keyword = KeywordCatalog.keyword(named: "shipments.orderId", for: .shipmentUpdated)
        #expect(keyword?.description == "The order the shipment belongs to")
        #expect(keyword?.sample == "102")
        #expect(keyword?.placeholder == "{shipments.orderId}")
        #expect(KeywordCatalog.keyword(named: "orders.id", for: .shipmentUpdated) == nil)
    }

    @Test func eventsAreNamedByTheirScopesAndTitles() {
        #expect(StoreEvent.allCases.count == 9)
        #expect(StoreEvent(scope: "store/order/refund/created") == .orderRefundCreated)
        #expect(StoreEvent(scope: "store/order/statusUpdated") == nil)
        #expect(
            StoreEvent.allCases.map(\.title) == [
                "Cart abandoned", "Order archived", "Order created", "Order updated", "Order message created",
                "Order refund created", "Shipment created", "Shipment deleted", "Shipment updated",
            ])
    }
}
