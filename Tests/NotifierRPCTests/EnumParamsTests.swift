import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Every param that takes one of a list of names (an audience, an event) refuses anything else by naming the
/// field, what was given and the accepted names, with the names in `data.accepted`.
@Suite struct EnumParamsTests {
    let rpc: RPCHarness

    init() throws {
        rpc = try RPCHarness()
    }

    private func call(_ method: String, _ params: JSONValue) async -> JSONValue {
        await rpc.call(method, params)
    }

    static let audiences: JSONValue = ["admin", "customer"]
    static let events: JSONValue = .array(StoreEvent.allCases.map { .string($0.scope) })
    static let eventList = StoreEvent.allCases.map(\.scope).joined(separator: ", ")

    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let params: JSONValue
        let field: String
        let reason: String
        let accepted: JSONValue
        var testDescription: String { "\(method) \(params)" }
    }

    static let cases: [Case] = [
        Case(
            method: "notifications.get", params: ["audience": "customers"], field: "audience",
            reason: #""customers" is not an audience: use admin or customer"#, accepted: audiences),
        Case(
            method: "notifications.get", params: ["audience": 5], field: "audience",
            reason: "a number is not an audience: use admin or customer", accepted: audiences),
        Case(
            method: "notifications.get", params: ["Admin"], field: "audience",
            reason: #""Admin" is not an audience: use admin or customer"#, accepted: audiences),
        Case(
            method: "notifications.configure", params: ["audience": "admins"], field: "audience",
            reason: #""admins" is not an audience: use admin or customer"#, accepted: audiences),
        Case(
            method: "notifications.configure", params: ["audience": nil], field: "audience",
            reason: "null is not an audience: use admin or customer", accepted: audiences),
        Case(
            method: "notifications.configure",
            params: ["audience": "admin", "events": ["store/product/created": ["enabled": true]]],
            field: "events.store/product/created",
            reason: #""store/product/created" is not an event: use one of \#(eventList)"#, accepted: events),
        Case(
            method: "template.render", params: ["event": "store/order/created", "audience": ["admin"]],
            field: "audience", reason: "an array is not an audience: use admin or customer", accepted: audiences),
        Case(
            method: "template.render", params: ["event": "order.created", "template": "x"], field: "event",
            reason: #""order.created" is not an event: use one of \#(eventList)"#, accepted: events),
        Case(
            method: "template.keywords", params: ["event": "store/order/nope"], field: "event",
            reason: #""store/order/nope" is not an event: use one of \#(eventList)"#, accepted: events),
        Case(
            method: "template.keywords", params: [true], field: "event",
            reason: "a boolean is not an event: use one of \(eventList)", accepted: events),
        Case(
            method: "phone.validate", params: ["number": "1", "audience": "staff"], field: "audience",
            reason: #""staff" is not an audience: use admin or customer"#, accepted: audiences),
    ]

    @Test(arguments: cases)
    func refusesAnUnknownNameNamingTheAcceptedOnes(_ test: Case) async {
        let answer = await call(test.method, test.params)
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["data"]?["field"] == .string(test.field))
        #expect(answer["error"]?["data"]?["reason"] == .string(test.reason))
        #expect(answer["error"]?["data"]?["accepted"] == test.accepted)
        #expect(answer["error"]?["message"] == .string("Invalid params: \"\(test.field)\" \(test.reason)"))
    }

    @Test func aLongUnknownNameIsCutShort() async {
        let answer = await call("notifications.get", ["audience": .string(String(repeating: "a", count: 500))])
        let reason = answer["error"]?["data"]?["reason"]?.stringValue ?? ""
        #expect(reason.hasPrefix("\"" + String(repeating: "a", count: 60) + "…\" is not an audience"), "\(reason)")
    }

    @Test func theNamesAreStillAcceptedAsBefore() async {
        let settings = await call("notifications.get", ["audience": "customer"])
        #expect(settings["result"]?["customer"] != nil && settings["result"]?["admin"] == nil)
        let keywords = await call("template.keywords", ["store/shipment/created"])
        #expect(keywords["result"]?["event"] == "store/shipment/created")
        let check = await call("phone.validate", ["number": "0123456789", "audience": "admin"])
        #expect(check["result"]?["checked"] == false)
    }
}
