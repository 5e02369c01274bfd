import JSONCore
import Testing

@testable import Notifier

/// The seed's own example, pinned: the payload its history shows and its sample template.
@Suite struct SeedExampleTests {
    static let payload = #"""
        {"scope":"store/shipment/created","store_id":"1025646","data":{"type":"shipment","id":1,"orderId":102},\#
        "created_at":1632114489}
        """#

    @Test func theSeedsShipmentExampleRendersAsItsHistoryShows() throws {
        let payload = try JSONParser.parse(Array(Self.payload.utf8))
        let template = try MessageTemplate(
            "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}.",
            event: .shipmentCreated)
        let values = TemplateData.values(for: .shipmentCreated, payload: payload, resources: nil)
        let message = template.render(values)
        #expect(message.text == "Shipment 1 created for order 102 created at 2021-09-20 05:08:09.000Z.")
        #expect(message.missing.isEmpty)
        #expect(message.encoding == .gsm7)
        #expect(message.parts == 1)
    }

    @Test func theSeedsPayloadKeywordsAreTheShipmentCatalogsFirstFour() {
        let names = KeywordCatalog.keywords(for: .shipmentCreated).prefix(4).map(\.name)
        #expect(names == ["shipments.store_id", "shipments.id", "shipments.orderId", "shipments.created_at"])
        #expect(KeywordCatalog.keywords(for: .shipmentCreated).prefix(4).allSatisfy { $0.availability == .always })
    }

    @Test func theAdminDefaultOfShipmentCreatedIsTheSeedsSampleText() {
        #expect(
            DefaultTemplates.text(for: .shipmentCreated, audience: .admin)
                == "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}.")
    }
}
