import Testing

@testable import Notifier

@Suite struct RenderTests {
    @Test func keywordsWithoutAValueRenderEmptyAndAreListedOnceInOrder() throws {
        let template = try MessageTemplate(
            "Hi {orders.customer_first_name}, order #{orders.id} is {orders.status}. {orders.customer_first_name}!",
            event: .orderUpdated)
        let message = template.render(["orders.id": "102"])
        #expect(message.text == "Hi , order #102 is . !")
        #expect(message.missing == ["orders.customer_first_name", "orders.status"])
    }

    @Test func anEmptyValueIsAValue() throws {
        let message = try MessageTemplate("[{orders.status}]", event: .orderUpdated).render(["orders.status": ""])
        #expect(message.text == "[]")
        #expect(message.missing.isEmpty)
    }

    @Test func valuesAreWrittenAsTheyAreEvenWithBraces() throws {
        let message = try MessageTemplate("Note: {orders.customer_message}", event: .orderCreated)
            .render(["orders.customer_message": "{orders.id} }"])
        #expect(message.text == "Note: {orders.id} }")
    }

    @Test func valuesOfOtherKeywordsAreIgnored() throws {
        let message = try MessageTemplate("Order {orders.id}", event: .orderCreated)
            .render(["orders.id": "9", "carts.id": "x"])
        #expect(message.text == "Order 9" && message.missing.isEmpty)
    }

    @Test func theRenderedMessageIsMeasured() throws {
        let message = try MessageTemplate("Note: {orders.customer_message}", event: .orderCreated)
            .render(["orders.customer_message": "Terima kasih 🙏"])
        #expect(message.encoding == .ucs2)
        #expect(message.characters == 6 + 13 + 2)
        #expect(message.parts == 1)
        let empty = try MessageTemplate("{orders.status}", event: .orderCreated).render([:])
        #expect(empty.text.isEmpty && empty.parts == 0 && empty.characters == 0 && empty.encoding == .gsm7)
    }

    @Test(arguments: StoreEvent.allCases)
    func theSamplePreviewFillsEveryKeyword(_ event: StoreEvent) throws {
        let every = KeywordCatalog.names(for: event).map { "{\($0)}" }.joined(separator: " ")
        let preview = try MessageTemplate(every, event: event).sample
        #expect(preview.missing.isEmpty)
        #expect(preview.text == KeywordCatalog.keywords(for: event).map(\.sample).joined(separator: " "))
    }
}
