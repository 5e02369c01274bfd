import Testing

@testable import Notifier

@Suite struct TemplateParserTests {
    func error(_ text: String, event: StoreEvent = .shipmentCreated) -> TemplateError? {
        do {
            _ = try MessageTemplate(text, event: event)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnknownKeywordIsNamedWithItsPositionAndTheValidKeywords() {
        let error = error("Tracking: {shipments.trackingNo}")
        #expect(error?.position == 11)
        #expect(error?.message == "unknown keyword {shipments.trackingNo} at position 11")
        #expect(error?.validKeywords == KeywordCatalog.names(for: .shipmentCreated))
        #expect(error?.suggestion == "shipments.tracking_number")
        #expect(error?.description == error?.message)
    }

    @Test func aKeywordOfAnotherEventIsUnknown() {
        let error = error("Order {orders.id}", event: .cartAbandoned)
        #expect(error?.position == 7)
        #expect(error?.message == "unknown keyword {orders.id} at position 7")
        #expect(error?.validKeywords.contains("carts.id") == true)
        #expect(error?.suggestion == nil)
    }

    @Test func aNearMissIsSuggested() {
        #expect(error("{shipment.id}")?.suggestion == "shipments.id")
        #expect(error("{Shipments.OrderID}")?.suggestion == "shipments.orderId")
        #expect(error("{weather}")?.suggestion == nil)
    }

    @Test func anUnclosedBraceIsNamedWithItsPosition() {
        let error = error("Ship {shipments.id created")
        #expect(error?.position == 6)
        #expect(error?.message == "unclosed { at position 6: close it with }, or write {{ for a literal brace")
        #expect(error?.validKeywords.isEmpty == false)
        #expect(self.error("The end {")?.position == 9)
    }

    @Test func aStrayClosingBraceIsNamedWithItsPosition() {
        let error = error("Shipment} {shipments.id}")
        #expect(error?.position == 9)
        #expect(error?.message == "a } at position 9 has no opening {: write }} for a literal brace")
        #expect(self.error("{shipments.id}}")?.position == 15)
    }

    @Test func doubledBracesAreLiteralBraces() throws {
        let template = try MessageTemplate(
            "{{shipments.id}} is {shipments.id}; {{{shipments.id}}}", event: .shipmentCreated)
        #expect(template.keywords == ["shipments.id"])
        #expect(template.render(["shipments.id": "7"]).text == "{shipments.id} is 7; {7}")
        #expect(try MessageTemplate("}} and {{", event: .orderCreated).render([:]).text == "} and {")
    }

    @Test func anEmptyKeywordIsRefused() {
        let error = error("Hello {} there")
        #expect(error?.position == 7)
        #expect(error?.message.hasPrefix("empty keyword {} at position 7") == true)
        #expect(self.error("Hello {  }")?.position == 7)
    }

    @Test func nestedBracesAreRefusedAtTheOuterBrace() {
        let error = error("Ship {shipments.{id}}")
        #expect(error?.position == 6)
        #expect(error?.message.hasPrefix("unclosed { at position 6") == true)
    }

    @Test func theFirstErrorIsReported() {
        #expect(error("{nope} then }")?.position == 1)
        #expect(error("} then {nope}")?.position == 1)
    }

    @Test func positionsCountCharactersNotBytesOrUnits() {
        #expect(error("Hé 👍🏽 {x}")?.position == 6)
        #expect(error("🇲🇾}")?.position == 2)
    }

    @Test func spacesAroundAKeywordNameAreIgnored() throws {
        let template = try MessageTemplate("Order { orders.id }.", event: .orderCreated)
        #expect(template.keywords == ["orders.id"])
        #expect(template.render(["orders.id": "5"]).text == "Order 5.")
    }

    @Test func keywordsAreListedInOrderWithoutRepeats() throws {
        let template = try MessageTemplate(
            "{orders.id} {orders.status} {orders.id} {store.name} {orders.status}", event: .orderUpdated)
        #expect(template.keywords == ["orders.id", "orders.status", "store.name"])
        #expect(template.source == "{orders.id} {orders.status} {orders.id} {store.name} {orders.status}")
        #expect(template.event == .orderUpdated)
    }

    @Test func textWithoutKeywordsAndEmptyTextParse() throws {
        #expect(try MessageTemplate("Thank you!", event: .orderCreated).keywords.isEmpty)
        #expect(try MessageTemplate("", event: .orderCreated).render([:]).text.isEmpty)
    }

    @Test func keywordsAreCaseSensitive() {
        #expect(error("{shipments.orderid}")?.message == "unknown keyword {shipments.orderid} at position 1")
    }
}
