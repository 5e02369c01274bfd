import JSONCore
import Testing

@testable import Notifier

/// Keyword values from payloads exactly as BigCommerce sends them, and from its resources.
@Suite struct TemplateDataTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func aCartIsNamedByItsUUID() throws {
        let payload = try json(
            #"{"scope":"store/cart/abandoned","store_id":"1025646","data":{"type":"cart","#
                + #""id":"09346904-4175-44fd-be53-f7e598531b6c","token":"f1e4a1b2c3"},"#
                + #""hash":"dd70c0976e06b67aaf671e73f49dcb79230ebf9d","created_at":1561479335,"#
                + #""producer":"stores/abc123"}"#)
        let values = TemplateData.values(for: .cartAbandoned, payload: payload, resources: nil)
        #expect(
            values == [
                "carts.store_id": "1025646", "carts.id": "09346904-4175-44fd-be53-f7e598531b6c",
                "carts.created_at": "2019-06-25 16:15:35.000Z",
            ])
    }

    @Test(arguments: [StoreEvent.orderCreated, .orderUpdated, .orderArchived])
    func anOrderIsNamedByItsNumber(_ event: StoreEvent) throws {
        let payload = try json(
            #"{"scope":"\#(event.scope)","store_id":"1025646","data":{"type":"order","id":250},"#
                + #""hash":"1b2c","created_at":1561479335,"producer":"stores/abc123"}"#)
        let values = TemplateData.values(for: event, payload: payload, resources: nil)
        #expect(
            values == [
                "orders.store_id": "1025646", "orders.id": "250", "orders.created_at": "2019-06-25 16:15:35.000Z",
            ])
    }

    @Test func aRefundPutsTheOrderInDataIDAndItsOwnIDInRefundID() throws {
        let payload = try json(
            #"{"scope":"store/order/refund/created","store_id":"1025646","#
                + #""data":{"type":"order","id":250,"refund":{"refund_id":3}},"created_at":1561479335}"#)
        let values = TemplateData.values(for: .orderRefundCreated, payload: payload, resources: nil)
        #expect(values["refunds.id"] == "3")
        #expect(values["refunds.orderId"] == "250")
        #expect(values["refunds.store_id"] == "1025646")
        #expect(values["refunds.created_at"] == "2019-06-25 16:15:35.000Z")
        #expect(values.count == 4)
    }

    @Test func aMessagePutsTheOrderInDataIDAndItsOwnIDInOrderMessageID() throws {
        let payload = try json(
            #"{"scope":"store/order/message/created","store_id":"1025646","#
                + #""data":{"type":"order","id":250,"message":{"order_message_id":3}},"created_at":1561479335}"#)
        let values = TemplateData.values(for: .orderMessageCreated, payload: payload, resources: nil)
        #expect(
            values == [
                "messages.store_id": "1025646", "messages.id": "3", "messages.orderId": "250",
                "messages.created_at": "2019-06-25 16:15:35.000Z",
            ])
    }

    @Test(arguments: [StoreEvent.shipmentCreated, .shipmentUpdated, .shipmentDeleted])
    func aShipmentCarriesItsOrderInOrderId(_ event: StoreEvent) throws {
        let payload = try json(
            #"{"scope":"\#(event.scope)","store_id":"1025646","#
                + #""data":{"type":"shipment","id":12,"orderId":251},"created_at":1561479335}"#)
        let values = TemplateData.values(for: event, payload: payload, resources: nil)
        #expect(
            values == [
                "shipments.store_id": "1025646", "shipments.id": "12", "shipments.orderId": "251",
                "shipments.created_at": "2019-06-25 16:15:35.000Z",
            ])
    }

    @Test func anOrderResourceFillsTheOrdersKeywords() throws {
        let order = try json(
            #"{"id":250,"customer_id":0,"status":"Awaiting Payment","status_id":7,"#
                + #""date_created":"Tue, 20 Nov 2012 08:30:00 +0800","total_inc_tax":"1234.5650","#
                + #""currency_code":"MYR","payment_method":"Bank Deposit","items_total":1,"customer_message":"","#
                + #""billing_address":{"first_name":"Wei Ling","last_name":"Tan","phone":"+60 12-345 6789","#
                + #""email":"weiling@example.com","country_iso2":"MY"}}"#)
        let payload = TemplateData.samplePayload(for: .orderCreated)
        let values = TemplateData.values(for: .orderCreated, payload: payload, resources: ["order": order])
        #expect(values["orders.id"] == "102", "the payload's id wins")
        #expect(values["orders.status"] == "Awaiting Payment")
        #expect(values["orders.total"] == "MYR 1234.57")
        #expect(values["orders.currency"] == "MYR")
        #expect(values["orders.payment_method"] == "Bank Deposit")
        #expect(values["orders.items_total"] == "1")
        #expect(values["orders.date_created"] == "2012-11-20 00:30:00.000Z")
        #expect(values["orders.customer_name"] == "Wei Ling Tan")
        #expect(values["orders.customer_first_name"] == "Wei Ling")
        #expect(values["orders.customer_phone"] == "+60 12-345 6789")
        #expect(values["orders.customer_email"] == "weiling@example.com")
        #expect(values["orders.customer_message"] == nil, "an empty field is missing, not empty")
    }

    @Test func aShipmentResourceFillsTheShipmentsKeywords() throws {
        let shipment = try json(
            #"{"id":12,"order_id":251,"date_created":"Wed, 21 Nov 2012 10:00:00 +0000","#
                + #""tracking_number":"1Z999AA10123456784","shipping_method":"Ground","shipping_provider":"ups","#
                + #""tracking_carrier":"","tracking_link":"","#
                + #""generated_tracking_link":"https://www.ups.com/track?tracknum=1Z999AA10123456784","#
                + #""shipping_address":{"first_name":"Ana","last_name":"","phone":"555"},"#
                + #""items":[{"order_product_id":1,"product_id":2,"quantity":1},{"order_product_id":3,"quantity":4}]}"#)
        let values = TemplateData.values(
            for: .shipmentUpdated, payload: TemplateData.samplePayload(for: .shipmentUpdated),
            resources: ["shipment": shipment])
        #expect(values["shipments.tracking_number"] == "1Z999AA10123456784")
        #expect(values["shipments.shipping_provider"] == "ups")
        #expect(values["shipments.tracking_link"] == "https://www.ups.com/track?tracknum=1Z999AA10123456784")
        #expect(values["shipments.shipping_method"] == "Ground")
        #expect(values["shipments.items_total"] == "5")
        #expect(values["shipments.date_created"] == "2012-11-21 10:00:00.000Z")
        #expect(values["shipments.customer_name"] == "Ana")
        #expect(values["shipments.customer_first_name"] == "Ana")
    }

    @Test func aDeletedShipmentTakesTheCustomerFromTheOrder() throws {
        let order = try json(#"{"id":251,"billing_address":{"first_name":"Siti","last_name":"Aminah"}}"#)
        let shipment = try json(#"{"id":12,"tracking_number":"X1"}"#)
        let values = TemplateData.values(
            for: .shipmentDeleted, payload: TemplateData.samplePayload(for: .shipmentDeleted),
            resources: ["order": order, "shipment": shipment])
        #expect(values["shipments.customer_name"] == "Siti Aminah")
        #expect(values["shipments.tracking_number"] == nil, "not a keyword of a deleted shipment")
    }

    @Test func aRefundResourceGivesTheAmountInTheOrdersCurrency() throws {
        let refund = try json(
            #"{"data":{"id":3,"order_id":250,"created":"2021-09-20T05:08:09+00:00","reason":"Damaged in transit","#
                + #""total_amount":15.5,"payments":[]},"meta":{}}"#)
        let order = try json(#"{"id":250,"currency_code":"JPY","billing_address":{"first_name":"Ken"}}"#)
        let payload = TemplateData.samplePayload(for: .orderRefundCreated)
        var values = TemplateData.values(
            for: .orderRefundCreated, payload: payload, resources: ["refund": refund, "order": order])
        #expect(values["refunds.amount"] == "JPY 16")
        #expect(values["refunds.reason"] == "Damaged in transit")
        #expect(values["refunds.customer_name"] == "Ken")
        values = TemplateData.values(for: .orderRefundCreated, payload: payload, resources: ["refund": refund])
        #expect(values["refunds.amount"] == "15.50", "without the order, the amount alone")
    }

    @Test func aMessageIsPickedOutOfTheListByItsID() throws {
        let messages = try json(
            #"[{"id":2,"order_id":250,"subject":"Old","message":"First"},"#
                + #"{"id":3,"order_id":250,"subject":"Delivery","message":"After 6 pm please","#
                + #""date_created":"Tue, 20 Nov 2012 00:00:00 +0000","#
                + #""customer":{"first_name":"Mei","last_name":"Lim"}}]"#)
        let payload = try json(
            #"{"scope":"store/order/message/created","store_id":"1025646","#
                + #""data":{"type":"order","id":250,"message":{"order_message_id":3}},"created_at":1561479335}"#)
        let values = TemplateData.values(for: .orderMessageCreated, payload: payload, resources: ["message": messages])
        #expect(values["messages.subject"] == "Delivery")
        #expect(values["messages.text"] == "After 6 pm please")
        #expect(values["messages.date_created"] == "2012-11-20 00:00:00.000Z")
        #expect(values["messages.customer_name"] == "Mei Lim")
    }

    @Test func aCartsResourcesGiveTotalItemsLinkAndCustomer() throws {
        let cart = try json(
            #"{"data":{"id":"09346904-4175-44fd-be53-f7e598531b6c","currency":{"code":"USD"},"cart_amount":"#
                + #"42,"line_items":{"physical_items":[{"quantity":2}],"digital_items":[{"quantity":1}],"#
                + #""gift_certificates":[{"id":"g"}],"custom_items":[]}}}"#)
        let links = try json(#"{"data":{"cart_url":"https://shop.example/cart.php?action=load&id=0934"}}"#)
        let customer = try json(#"{"data":[{"id":7,"first_name":"Sam","last_name":"Lee","phone":"5551234"}]}"#)
        let values = TemplateData.values(
            for: .cartAbandoned, payload: TemplateData.samplePayload(for: .cartAbandoned),
            resources: ["cart": cart, "redirect_urls": links, "customer": customer])
        #expect(values["carts.total"] == "USD 42.00")
        #expect(values["carts.currency"] == "USD")
        #expect(values["carts.items_total"] == "4")
        #expect(values["carts.link"] == "https://shop.example/cart.php?action=load&id=0934")
        #expect(values["carts.customer_name"] == "Sam Lee")
        #expect(values["carts.customer_first_name"] == "Sam")
    }

    @Test func theStoresProfileFillsTheStoreKeywords() throws {
        let store = try json(#"{"name":"Kedai Kita","domain":"kedaikita.my","phone":""}"#)
        let values = TemplateData.values(for: .orderCreated, payload: nil, resources: ["store": store])
        #expect(
            values == ["store.name": "Kedai Kita", "store.domain": "kedaikita.my", "store.url": "https://kedaikita.my"])
    }

    @Test func valuesGivenByKeywordNameWin() throws {
        let resources = try json(
            #"{"carts.link":"https://s.example/r/abc","carts.id":"override","shipments.id":"ignored","#
                + #""carts.total":{"not":"text"}}"#)
        let values = TemplateData.values(
            for: .cartAbandoned, payload: TemplateData.samplePayload(for: .cartAbandoned), resources: resources)
        #expect(values["carts.link"] == "https://s.example/r/abc")
        #expect(values["carts.id"] == "override")
        #expect(values["shipments.id"] == nil)
        #expect(values["carts.total"] == nil)
    }

    @Test func theDataObjectAloneIsAccepted() throws {
        let data = try json(#"{"type":"shipment","id":12,"orderId":251}"#)
        let values = TemplateData.values(for: .shipmentCreated, payload: data, resources: nil)
        #expect(values == ["shipments.id": "12", "shipments.orderId": "251"])
    }

    @Test func absentOrMalformedValuesAreLeftOut() throws {
        #expect(TemplateData.values(for: .orderCreated, payload: nil, resources: nil).isEmpty)
        #expect(TemplateData.values(for: .orderCreated, payload: "text", resources: [1, 2]).isEmpty)
        let payload = try json(
            #"{"store_id":null,"data":{"id":{"x":1}},"created_at":"yesterday","scope":"store/order/created"}"#)
        #expect(TemplateData.values(for: .orderCreated, payload: payload, resources: nil).isEmpty)
    }

    @Test func aNumericStoreIDOrStringTimeIsReadToo() throws {
        let payload = try json(#"{"store_id":1025646,"data":{"id":"250"},"created_at":"1632114489.5"}"#)
        let values = TemplateData.values(for: .orderCreated, payload: payload, resources: nil)
        #expect(
            values == [
                "orders.store_id": "1025646", "orders.id": "250", "orders.created_at": "2021-09-20 05:08:09.500Z",
            ])
    }

    @Test(arguments: StoreEvent.allCases)
    func theSamplePayloadAndResourcesGiveEveryCatalogSample(_ event: StoreEvent) {
        let payload = TemplateData.samplePayload(for: event)
        #expect(payload["scope"]?.stringValue == event.scope)
        #expect(payload["store_id"]?.stringValue == "1025646")
        #expect(payload["hash"]?.stringValue?.count == 40)
        let values = TemplateData.values(
            for: event, payload: payload, resources: TemplateData.sampleResources(for: event))
        #expect(values == TemplateData.sampleValues(for: event))
        let always = KeywordCatalog.keywords(for: event).filter { $0.availability == .always }.map(\.name)
        let payloadOnly = TemplateData.values(for: event, payload: payload, resources: nil)
        #expect(Set(payloadOnly.keys) == Set(always))
    }

    @Test func sampleDeliveriesOfDifferentEventsHaveDifferentHashes() {
        let hashes = StoreEvent.allCases.compactMap { TemplateData.samplePayload(for: $0)["hash"]?.stringValue }
        #expect(Set(hashes).count == StoreEvent.allCases.count)
    }

    @Test func moneyIsRoundedToTheCurrencysDecimals() {
        #expect(Money.rounded("120.5000", places: 2) == "120.50")
        #expect(Money.rounded("0.005", places: 2) == "0.01")
        #expect(Money.rounded("9.995", places: 2) == "10.00")
        #expect(Money.rounded("-0.001", places: 2) == "0.00")
        #expect(Money.rounded("-12.345", places: 2) == "-12.35")
        #expect(Money.rounded("1500.5", places: 0) == "1501")
        #expect(Money.rounded("007", places: 3) == "7.000")
        #expect(Money.rounded("1e3", places: 2) == nil)
        #expect(Money.rounded("12.", places: 2) == nil)
        #expect(TemplateValue.money("abc", currency: "MYR") == "MYR abc")
        #expect(TemplateValue.money(.number(JSONNumber(0.1)), currency: "KWD") == "KWD 0.100")
    }
}
