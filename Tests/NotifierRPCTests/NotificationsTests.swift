import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// notifications.* and template.* through the dispatcher, on a real database file.
@Suite struct NotificationsTests {
    let path: String
    let dispatcher: RPCDispatcher

    init() throws {
        path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        dispatcher = try Self.dispatcher(path)
    }

    static func dispatcher(_ path: String) throws -> RPCDispatcher {
        NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: StubTransport(body: "{}"), token: nil,
            logger: Logger(label: "test"))
    }

    private func call(_ method: String, _ params: JSONValue, on rpc: RPCDispatcher? = nil) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 1]
        return await (rpc ?? dispatcher).handle(request, session: session) ?? .null
    }

    static let shipmentCreated = "store/shipment/created"
    static let seedPayload: JSONValue = [
        "scope": "store/shipment/created", "store_id": "1025646",
        "data": ["type": "shipment", "id": 1, "orderId": 102],
        "created_at": 1_632_114_489,
    ]

    @Test func outOfTheBoxEveryEventIsOffWithADefaultTemplate() async {
        let settings = await call("notifications.get", [:])
        for audience in ["admin", "customer"] {
            let events = settings["result"]?[audience]?["events"]?.objectValue
            #expect(events?.count == 9)
            #expect(events?.keys.first == "store/cart/abandoned" && events?.keys.last == "store/shipment/updated")
            #expect(
                events?.allSatisfy { $0.value["enabled"] == false && $0.value["isDefaultTemplate"] == true } == true)
            #expect(events?.allSatisfy { ($0.value["template"]?.stringValue?.isEmpty ?? true) == false } == true)
        }
        #expect(settings["result"]?["admin"]?["adminNumbers"] == [])
        #expect(settings["result"]?["customer"]?["adminNumbers"] == nil)
    }

    @Test func configureChangesOnlyWhatItGives() async {
        _ = await call(
            "notifications.configure", ["audience": "admin", "events": [Self.shipmentCreated: ["enabled": true]]])
        let template =
            "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."
        let answer = await call(
            "notifications.configure",
            ["audience": "admin", "events": [Self.shipmentCreated: ["template": .string(template)]]])
        let event = answer["result"]?["admin"]?["events"]?[Self.shipmentCreated]
        #expect(
            event?["enabled"] == true && event?["template"] == .string(template) && event?["isDefaultTemplate"] == false
        )
        #expect(answer["result"]?["admin"]?["events"]?["store/order/created"]?["enabled"] == false)
        let customer = await call("notifications.get", ["customer"])
        #expect(
            customer["result"]?["customer"]?["events"]?[Self.shipmentCreated]?["enabled"] == false,
            "audiences are apart")
        let reset = await call(
            "notifications.configure", ["audience": "admin", "events": [Self.shipmentCreated: ["template": nil]]])
        #expect(reset["result"]?["admin"]?["events"]?[Self.shipmentCreated]?["isDefaultTemplate"] == true)
    }

    @Test func refusesAnUnknownKeywordWithItsPositionAndTheValidOnes() async {
        let answer = await call(
            "notifications.configure",
            ["audience": "customer", "events": [Self.shipmentCreated: ["template": "Hi {shipments.nope}"]]])
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["data"]?["field"] == "events.store/shipment/created.template")
        #expect(answer["error"]?["data"]?["reason"]?.stringValue?.contains("position 4") == true, "\(answer)")
        #expect(answer["error"]?["data"]?["accepted"]?.arrayValue?.contains("shipments.orderId") == true)
    }

    @Test func aRenderedTemplatesUnknownKeywordComesWithItsPositionAndTheKeywordMeant() async {
        let answer = await call(
            "template.render", ["event": "store/order/created", "template": "New order {orders.idd} now"])
        #expect(answer["error"]?["data"]?["field"] == "template", "\(answer)")
        #expect(answer["error"]?["data"]?["position"] == 11)
        #expect(answer["error"]?["data"]?["suggestion"] == "orders.id")
    }

    @Test func refusesATemplateLongerThanTheLimitClearly() async {
        let long = String(repeating: "x", count: 1601)
        let answer = await call(
            "notifications.configure",
            ["audience": "admin", "events": ["store/order/created": ["template": .string(long)]]])
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["data"]?["reason"]?.stringValue?.contains("the most is 1600") == true)
    }

    @Test func refusesAnUnknownEventNamingTheKnownOnes() async {
        let answer = await call(
            "notifications.configure", ["audience": "admin", "events": ["store/product/created": ["enabled": true]]])
        #expect(answer["error"]?["data"]?["field"] == "events.store/product/created")
        #expect(answer["error"]?["data"]?["accepted"]?.arrayValue?.count == 9)
    }

    @Test func adminNumbersAreCheckedAndRepeatsCollapse() async {
        _ = await call("account.set", ["adminCountry": "MY"])
        let answer = await call(
            "notifications.configure", ["audience": "admin", "adminNumbers": "012-3456789  +60123456789 60123456666"])
        #expect(
            answer["result"]?["admin"]?["adminNumbers"] == [
                ["number": "60123456789", "typed": "012-3456789"], ["number": "60123456666", "typed": "60123456666"],
            ])
        // The list form allows spaces inside a number.
        let list = await call("notifications.configure", ["audience": "admin", "adminNumbers": ["012-345 6789"]])
        #expect(list["result"]?["admin"]?["adminNumbers"] == [["number": "60123456789", "typed": "012-345 6789"]])
        _ = await call("notifications.configure", ["audience": "admin", "adminNumbers": "60123456789 60123456666"])
        let refused = await call(
            "notifications.configure", ["audience": "admin", "adminNumbers": ["60123456789", "12345"]])
        #expect(refused["error"]?["data"]?["field"] == "adminNumbers[1]")
        #expect(refused["error"]?["data"]?["reason"]?.stringValue?.contains("\"12345\" is not valid for MY") == true)
        let kept = await call("notifications.get", ["admin"])
        #expect(kept["result"]?["admin"]?["adminNumbers"]?.arrayValue?.count == 2, "a refused change changes nothing")
        let customer = await call("notifications.configure", ["audience": "customer", "adminNumbers": "60123456789"])
        #expect(customer["error"]?["data"]?["field"] == "adminNumbers")
    }

    @Test func settingsLastAcrossARestart() async throws {
        _ = await call(
            "notifications.configure", ["audience": "customer", "events": ["store/order/created": ["enabled": true]]])
        let reopened = try Self.dispatcher(path)
        let settings = await call("notifications.get", ["customer"], on: reopened)
        #expect(settings["result"]?["customer"]?["events"]?["store/order/created"]?["enabled"] == true)
    }

    @Test func keywordsComeWithDescriptionsAndSamples() async {
        let answer = await call("template.keywords", [.string(Self.shipmentCreated)])
        let keywords = answer["result"]?["keywords"]?.arrayValue ?? []
        let orderID = keywords.first { $0["name"] == "shipments.orderId" }
        #expect(orderID?["keyword"] == "{shipments.orderId}" && orderID?["availability"] == "always")
        #expect(
            orderID?["description"]?.stringValue?.isEmpty == false && orderID?["sample"]?.stringValue?.isEmpty == false)
        #expect(answer["result"]?["title"] == "Shipment created")
    }

    @Test func rendersTheSeedsExample() async {
        let template =
            "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."
        let answer = await call(
            "template.render",
            ["event": .string(Self.shipmentCreated), "template": .string(template), "data": Self.seedPayload])
        #expect(answer["result"]?["text"] == "Shipment 1 created for order 102 created at 2021-09-20 05:08:09.000Z.")
        #expect(answer["result"]?["encoding"] == "GSM-7" && answer["result"]?["parts"] == 1)
        #expect(answer["result"]?["missing"] == [] && answer["result"]?["sampleData"] == false)
    }

    @Test func rendersTheConfiguredTemplateWithSampleData() async {
        _ = await call(
            "notifications.configure",
            ["audience": "customer", "events": ["store/order/created": ["template": "Order {orders.id} — merci! 🎉"]]])
        let answer = await call("template.render", ["event": "store/order/created", "audience": "customer"])
        #expect(answer["result"]?["encoding"] == "UCS-2" && answer["result"]?["sampleData"] == true)
        #expect(answer["result"]?["text"]?.stringValue?.hasPrefix("Order ") == true)
    }

    @Test func refusesDataThatIsNotAnObjectAndOverlongTemplates() async {
        let oops = await call(
            "template.render", ["event": "store/order/created", "template": "{orders.id}", "data": "oops"])
        #expect(oops["error"]?["data"]?["field"] == "data")
        let long = await call(
            "template.render",
            ["event": "store/order/created", "template": .string(String(repeating: "x", count: 2000))])
        #expect(long["error"]?["data"]?["field"] == "template")
    }

    @Test func anEmptyListClearsTheAdminNumbers() async {
        _ = await call("notifications.configure", ["audience": "admin", "adminNumbers": "60123456789"])
        let cleared = await call("notifications.configure", ["audience": "admin", "adminNumbers": ""])
        #expect(cleared["result"]?["admin"]?["adminNumbers"] == [])
    }

    @Test func listsKeywordsWithoutValues() async {
        let answer = await call(
            "template.render",
            [
                "event": .string(Self.shipmentCreated), "template": "Tracking {shipments.tracking_number}",
                "data": Self.seedPayload,
            ])
        #expect(answer["result"]?["missing"] == ["shipments.tracking_number"])
        #expect(answer["result"]?["text"] == "Tracking ")
    }
}

/// Admin numbers given as text and re-checked when the admin phone policy changes.
@Suite struct AdminNumberPolicyTests {
    let rpc: RPCHarness

    init() throws {
        rpc = try RPCHarness()
    }

    private func call(_ method: String, _ params: JSONValue) async -> JSONValue {
        await rpc.call(method, params)
    }

    @Test func aNumberTypedWithASpaceInsideStaysOneNumber() async {
        _ = await call("account.set", ["adminCountry": "MY"])
        let saved = await call("notifications.configure", ["audience": "admin", "adminNumbers": "012-345 6789"])
        #expect(
            saved["result"]?["admin"]?["adminNumbers"] == [["number": "60123456789", "typed": "012-345 6789"]],
            "\(saved)")
    }

    @Test func aRefusedNumberFromTextSuggestsTheListForm() async {
        _ = await call("account.set", ["adminCountry": "MY"])
        let refused = await call("notifications.configure", ["audience": "admin", "adminNumbers": "12 34 56"])
        #expect(refused["error"]?["code"] == -32602)
        #expect(refused["error"]?["data"]?["reason"]?.stringValue?.contains("give a list") == true, "\(refused)")
    }

    @Test func changingTheAdminCountryReportsTheNumbersItNoLongerAccepts() async {
        _ = await call("account.set", ["adminCountry": "MY"])
        _ = await call("notifications.configure", ["audience": "admin", "adminNumbers": ["012-345 6789"]])
        let unchanged = await call("account.set", ["sender": "MyShop"])
        #expect(unchanged["result"]?["adminNumbersRefused"] == [])
        let moved = await call("account.set", ["adminCountry": "SG"])
        let refused = moved["result"]?["adminNumbersRefused"]?.arrayValue
        #expect(refused?.count == 1, "\(moved)")
        #expect(refused?.first?["number"] == "60123456789")
        #expect(refused?.first?["typed"] == "012-345 6789")
        #expect(refused?.first?["reason"]?.stringValue?.hasPrefix("not valid for SG") == true)
        let settings = await call("notifications.get", ["audience": "admin"])
        #expect(settings["result"]?["admin"]?["adminNumbers"]?.arrayValue?.count == 1, "kept until fixed")
    }
}
