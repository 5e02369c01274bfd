import Foundation
import JSONRPC
import Logging
import TestSupport
import Testing

@testable import Notifier
@testable import NotifierRPC

/// `template.render` over thousands of made-up payloads and store data per event (``WebhookFuzzer``, seeded so a
/// failure replays): every keyword of the event in one template, sent as JSON text through the dispatcher. It must
/// always answer a result, never trap, and the result must be consistent with itself.
@Suite struct TemplateRenderFuzzTests {
    static let casesPerEvent = 400
    static let seed: UInt64 = 0x6D6F_6365_616E

    let dispatcher: RPCDispatcher

    init() throws {
        dispatcher = try RPCHarness().dispatcher
    }

    /// `name=<{name}>` for every keyword of `event`.
    static func fullTemplate(for event: StoreEvent) -> String {
        KeywordCatalog.names(for: event).map { "\($0)=<{\($0)}>" }.joined(separator: " ")
    }

    @Test(arguments: StoreEvent.allCases)
    func anyStoreDataRendersAWellFormedMessage(_ event: StoreEvent) async throws {
        let index = UInt64(StoreEvent.allCases.firstIndex(of: event) ?? 0)
        var fuzzer = WebhookFuzzer(seed: Self.seed &+ index)
        let template = Self.fullTemplate(for: event)
        let parsed = try MessageTemplate(template, event: event)
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        var failures: [String] = []
        for round in 0..<Self.casesPerEvent {
            let data = fuzzer.payload(for: event)
            let resources = fuzzer.resources(for: event)
            var params = JSONObject()
            params["event"] = .string(event.scope)
            params["template"] = .string(template)
            switch round % 4 {
            case 0: params["data"] = data
            case 1: params["resources"] = resources
            default:
                params["data"] = data
                params["resources"] = resources
            }
            let request: JSONValue = [
                "jsonrpc": "2.0", "method": "template.render", "params": .object(params), "id": 1,
            ]
            let line = JSONWriter.serialize(request)
            guard let bytes = await dispatcher.handle(line: line, session: session),
                let answer = try? JSONParser.parse(bytes), let result = answer["result"]
            else {
                failures.append("round \(round): no result for \(String(decoding: line.prefix(300), as: UTF8.self))")
                continue
            }
            let values = TemplateData.values(for: event, payload: params["data"], resources: params["resources"])
            let problems = Self.problems(
                result, expected: parsed.render(values), values: values, resources: params["resources"], event: event)
            failures += problems.map { "round \(round): \($0)" }
            if failures.count > 20 { break }
        }
        let report = "seed \(Self.seed &+ index), \(event.scope):\n" + failures.joined(separator: "\n")
        #expect(failures.isEmpty, Comment(rawValue: report))
    }

    @Test func theReportedOverflowRendersTheExactSum() async {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let line =
            #"{"jsonrpc":"2.0","method":"template.render","params":{"event":"store/shipment/created","#
            + #""template":"x{shipments.items_total}","resources":{"shipment":{"items":[{"quantity":9223372036854775807},"#
            + #"{"quantity":1}]}}},"id":1}"#
        let answer = await dispatcher.handle(line: Array(line.utf8), session: session)
        let result = answer.flatMap { try? JSONParser.parse($0) }?["result"]
        #expect(result?["text"] == "x9223372036854775808")
    }

    /// What is wrong with `result`, when anything is.
    static func problems(
        _ result: JSONValue, expected: RenderedMessage, values: [String: String], resources: JSONValue?,
        event: StoreEvent
    ) -> [String] {
        var problems: [String] = []
        guard let text = result["text"]?.stringValue else { return ["no text in \(result)"] }
        if text != expected.text { problems.append("text \(text.prefix(200)) is not \(expected.text.prefix(200))") }
        if text.contains("{") || text.contains("}") { problems.append("a brace in \(text.prefix(200))") }
        let measured = SMSLength.measure(text)
        if result["characters"] != .number(JSONNumber(measured.characters))
            || result["parts"] != .number(JSONNumber(measured.parts))
            || result["encoding"] != .string(measured.encoding.rawValue)
        {
            problems.append("length \(result["characters"] ?? nil) / \(result["parts"] ?? nil) disagrees with the text")
        }
        if (measured.parts == 0) != text.isEmpty {
            problems.append("\(measured.parts) parts for \(text.count) characters")
        }
        let missing = KeywordCatalog.names(for: event).filter { values[$0] == nil }
        if result["missing"] != .array(missing.map(JSONValue.string)) {
            problems.append("missing \(result["missing"] ?? nil), expected \(missing)")
        }
        // Dates from the data are shown as seed dates; one given by keyword name is shown as given.
        let explicit = ResourceSet(resources).explicitValues
        for (name, value) in values
        where (name.hasSuffix("created_at") || name.hasSuffix("date_created")) && explicit[name] == nil {
            if !isSeedDate(value) { problems.append("\(name) = \(value) is not a date like 2021-09-20 05:08:09.000Z") }
        }
        for (name, total) in expectedItemTotals(event: event, resources: resources) where values[name] != total {
            problems.append("\(name) = \(values[name] ?? "nil"), expected \(total ?? "nil")")
        }
        return problems
    }

    /// `yyyy-MM-dd HH:mm:ss.SSSZ` with a year from 0001 to 9999.
    static func isSeedDate(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 24 else { return false }
        let shape = "dddd-dd-dd dd:dd:dd.dddZ"
        for (character, expected) in zip(characters, shape) {
            if expected == "d" ? !(character.isASCII && character.isNumber) : character != expected { return false }
        }
        return text.prefix(4) != "0000"
    }

    /// The item counts the store data gives, worked out here apart from the code under test: the sum of every
    /// quantity that is an Int64, plus one per gift certificate for a cart.
    static func expectedItemTotals(event: StoreEvent, resources: JSONValue?) -> [String: String?] {
        let store = ResourceSet(resources)
        func quantities(_ list: JSONValue?) -> [Int64] {
            (list?.arrayValue ?? []).compactMap { item in
                guard case .number(let number)? = item["quantity"] else { return nil }
                return number.integer(as: Int64.self)
            }
        }
        func total(_ terms: [Int64], plus extra: Int) -> String? {
            terms.isEmpty && extra == 0 ? nil : String(terms.reduce(Int128(extra)) { $0 + Int128($1) })
        }
        var totals: [String: String?]
        switch event {
        case .shipmentCreated, .shipmentUpdated:
            totals = ["shipments.items_total": total(quantities(store["shipment"]?["items"]), plus: 0)]
        case .cartAbandoned:
            let lineItems = store["cart"]?["line_items"]
            let terms = ["physical_items", "digital_items", "custom_items"].flatMap { quantities(lineItems?[$0]) }
            let certificates = lineItems?["gift_certificates"]?.arrayValue?.count ?? 0
            totals = ["carts.items_total": total(terms, plus: certificates)]
        default:
            totals = [:]
        }
        // A member named by the keyword gives its value directly.
        for name in totals.keys {
            if let explicit = store.explicitValues[name] { totals[name] = explicit }
        }
        return totals
    }
}
