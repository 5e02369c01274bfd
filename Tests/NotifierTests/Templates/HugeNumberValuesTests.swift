import JSONCore
import Testing

@testable import Notifier

/// Numbers past what Int64 and Double hold: item counts add up exactly instead of trapping, and dates are clamped
/// to years 1 to 9999 by their sign.
@Suite struct HugeNumberValuesTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func aShipmentsQuantitiesAddUpPastInt64() throws {
        let resources = try json(
            #"{"shipment":{"items":[{"quantity":9223372036854775807},{"quantity":1},{"quantity":9223372036854775807}]}}"#
        )
        let values = TemplateData.values(for: .shipmentCreated, payload: nil, resources: resources)
        #expect(values["shipments.items_total"] == "18446744073709551615")
    }

    @Test func negativeQuantitiesAddUpPastInt64Too() throws {
        let resources = try json(
            #"{"shipment":{"items":[{"quantity":-9223372036854775808},{"quantity":-1},{"quantity":"7"}]}}"#)
        let values = TemplateData.values(for: .shipmentUpdated, payload: nil, resources: resources)
        #expect(values["shipments.items_total"] == "-9223372036854775809")
    }

    @Test func giftCertificatesAddToAHugeQuantity() throws {
        let resources = try json(
            #"{"cart":{"line_items":{"physical_items":[{"quantity":9223372036854775807}],"#
                + #""digital_items":[{"quantity":9223372036854775807}],"gift_certificates":[{},{}]}}}"#)
        let values = TemplateData.values(for: .cartAbandoned, payload: nil, resources: resources)
        #expect(values["carts.items_total"] == "18446744073709551616")
    }

    @Test func giftCertificatesAloneCount() throws {
        let resources = try json(#"{"cart":{"line_items":{"physical_items":[],"gift_certificates":[{},{},{}]}}}"#)
        #expect(
            TemplateData.values(for: .cartAbandoned, payload: nil, resources: resources)["carts.items_total"] == "3")
    }

    @Test func quantitiesThatAreNotInt64IntegersDoNotCount() throws {
        let resources = try json(
            #"{"shipment":{"items":[{"quantity":1e400},{"quantity":2.5},{"quantity":99999999999999999999},"#
                + #"{"quantity":5e0},{"quantity":-0},{"quantity":"3"},{"quantity":null},7]}}"#)
        let values = TemplateData.values(for: .shipmentCreated, payload: nil, resources: resources)
        #expect(values["shipments.items_total"] == "5")
        let none = try json(#"{"shipment":{"items":[{"quantity":1e400},{"sku":"A"}]}}"#)
        #expect(
            TemplateData.values(for: .shipmentCreated, payload: nil, resources: none)["shipments.items_total"] == nil)
    }

    @Test func hugeDatesAreClampedNotTrapped() throws {
        let payload = try json(#"{"data":{"id":1},"created_at":1e308}"#)
        #expect(
            TemplateData.values(for: .orderCreated, payload: payload, resources: nil)["orders.created_at"]
                == "9999-12-31 23:59:59.999Z")
        let negative = try json(#"{"data":{"id":1},"created_at":-9223372036854775808}"#)
        #expect(
            TemplateData.values(for: .orderCreated, payload: negative, resources: nil)["orders.created_at"]
                == "0001-01-01 00:00:00.000Z")
    }

    @Test(arguments: [
        (#"1e400"#, "9999-12-31 23:59:59.999Z"), (#"-1e400"#, "0001-01-01 00:00:00.000Z"),
        (#""1e999""#, "9999-12-31 23:59:59.999Z"), (#"" -99999999999999999999999 ""#, "0001-01-01 00:00:00.000Z"),
        (#""1632114489.5""#, "2021-09-20 05:08:09.500Z"), (#"-0"#, "1970-01-01 00:00:00.000Z"),
    ])
    func secondsPastWhatADoubleHoldsAreClampedByTheirSign(_ written: String, _ shown: String) throws {
        let payload = try json(#"{"data":{"id":1},"created_at":\#(written)}"#)
        #expect(TemplateData.values(for: .orderCreated, payload: payload, resources: nil)["orders.created_at"] == shown)
    }

    @Test(arguments: [#""inf""#, #""NaN""#, #""0x1F""#, #""12 seconds""#])
    func stringsThatAreNotJSONNumbersAreNotSeconds(_ written: String) throws {
        let payload = try json(#"{"data":{"id":1},"created_at":\#(written)}"#)
        #expect(TemplateData.values(for: .orderCreated, payload: payload, resources: nil)["orders.created_at"] == nil)
    }
}
