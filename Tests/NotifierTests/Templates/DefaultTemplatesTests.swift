import Testing

@testable import Notifier

@Suite struct DefaultTemplatesTests {
    static let cases = StoreEvent.allCases.flatMap { event in Audience.allCases.map { (event, $0) } }

    @Test(arguments: cases)
    func everyDefaultParsesAgainstItsEventsCatalog(_ event: StoreEvent, _ audience: Audience) throws {
        let text = DefaultTemplates.text(for: event, audience: audience)
        let template = try MessageTemplate(text, event: event)
        #expect(template == DefaultTemplates.template(for: event, audience: audience))
    }

    @Test(arguments: cases)
    func everyDefaultUsesOnlyKeywordsEveryDeliveryCarries(_ event: StoreEvent, _ audience: Audience) throws {
        let template = try MessageTemplate(DefaultTemplates.text(for: event, audience: audience), event: event)
        let payloadOnly = TemplateData.values(
            for: event, payload: TemplateData.samplePayload(for: event), resources: nil)
        let message = template.render(payloadOnly)
        #expect(message.missing.isEmpty)
        #expect(message.encoding == .gsm7 && message.parts == 1, "\(message.text)")
    }

    @Test func theDefaultsReadAsTheSeedsDo() {
        #expect(
            DefaultTemplates.text(for: .orderCreated, audience: .admin)
                == "New order #{orders.id} received at {orders.created_at}.")
        #expect(
            DefaultTemplates.text(for: .orderCreated, audience: .customer)
                == "Thank you! Your order #{orders.id} has been received.")
        #expect(
            DefaultTemplates.template(for: .orderCreated, audience: .admin).sample.text
                == "New order #102 received at 2021-09-20 05:08:09.000Z.")
    }

    @Test func adminAndCustomerDefaultsDiffer() {
        for event in StoreEvent.allCases {
            #expect(
                DefaultTemplates.text(for: event, audience: .admin)
                    != DefaultTemplates.text(for: event, audience: .customer))
        }
    }
}
