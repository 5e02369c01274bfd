import Foundation
import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Holds the server to `schema/openrpc.json` param by param: for every method and every param, values made up from
/// the param's schema are sent to the real dispatcher. What the schema refuses must be answered -32602 naming that
/// param; what it accepts must not be (it may still fail otherwise: no gateway, another param missing...).
@Suite struct SchemaAgreementTests {
    static let document: JSONValue = {
        let url = Fixtures.repositoryRoot.appendingPathComponent("schema/openrpc.json")
        guard let bytes = try? Data(contentsOf: url), let document = try? JSONParser.parse(Array(bytes)) else {
            return .null
        }
        return document
    }()

    static var methodNames: [String] {
        (document["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    let schema = SchemaCheck(document: Self.document)

    /// A dispatcher on a database of its own, so that one param's calls cannot change what another's meet.
    private func freshDispatcher() throws -> RPCDispatcher {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        return NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: StubTransport(body: "{}"), token: nil,
            logger: Logger(label: "test"))
    }

    private func call(_ method: String, _ params: JSONObject, on dispatcher: RPCDispatcher) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": .object(params), "id": 1]
        return await dispatcher.handle(request, session: session) ?? .null
    }

    /// Whether `answer` refuses the param `name` itself or something inside it (`events.store/x`, `adminNumbers[1]`).
    private static func refuses(_ answer: JSONValue, param name: String) -> Bool {
        guard answer["error"]?["code"] == -32602, let field = answer["error"]?["data"]?["field"]?.stringValue else {
            return false
        }
        return field == name || field.hasPrefix(name + ".") || field.hasPrefix(name + "[")
    }

    @Test func theDocumentListsMethodsWithParams() {
        #expect(Self.methodNames.count >= 12)
        let params = (Self.document["methods"]?.arrayValue ?? []).flatMap { $0["params"]?.arrayValue ?? [] }
        #expect(params.count >= 20)
        #expect(params.allSatisfy { $0["schema"]?.objectValue != nil })
    }

    @Test(arguments: methodNames)
    func everyParamAgreesWithItsSchema(_ method: String) async throws {
        let description = (Self.document["methods"]?.arrayValue ?? []).first { $0["name"]?.stringValue == method }
        let params = description?["params"]?.arrayValue ?? []
        var disagreements: [String] = []
        for param in params {
            guard let name = param["name"]?.stringValue, let paramSchema = param["schema"] else { continue }
            var others = JSONObject()
            for other in params where other["required"] == true && other["name"]?.stringValue != name {
                guard let otherName = other["name"]?.stringValue, let value = other["schema"].flatMap(schema.sample)
                else { continue }
                others[otherName] = value
            }
            let dispatcher = try freshDispatcher()
            for candidate in schema.candidates(paramSchema) {
                var params = others
                params[name] = candidate
                let answer = await call(method, params, on: dispatcher)
                let refused = Self.refuses(answer, param: name)
                let shown = String(candidate.description.prefix(80))
                if schema.accepts(candidate, paramSchema), refused {
                    disagreements.append(
                        "\(name) = \(shown): the schema accepts it, the server refuses it: "
                            + (answer["error"]?["message"]?.stringValue ?? ""))
                } else if !schema.accepts(candidate, paramSchema), !refused {
                    disagreements.append(
                        "\(name) = \(shown): the schema refuses it, the server answers "
                            + String(answer.description.prefix(200)))
                }
            }
        }
        #expect(disagreements.isEmpty, Comment(rawValue: "\(method):\n" + disagreements.joined(separator: "\n")))
    }

    @Test func nullIsRefusedWhereItMeansNothingAndKeptWhereItMeansSomething() async throws {
        let dispatcher = try freshDispatcher()
        for (method, params, field) in [
            ("notifications.get", ["audience": nil], "audience"),
            ("notifications.configure", ["audience": "admin", "events": nil], "events"),
            ("template.render", ["event": "store/order/created", "data": nil], "data"),
            ("template.render", ["event": "store/order/created", "template": nil, "audience": "admin"], "template"),
        ] as [(String, JSONValue, String)] {
            let answer = await call(method, params.objectValue ?? JSONObject(), on: dispatcher)
            #expect(answer["error"]?["code"] == -32602 && answer["error"]?["data"]?["field"] == .string(field))
        }
        let audience = await call(
            "notifications.get", JSONObject([.init(key: "audience", value: nil)]), on: dispatcher)
        #expect(audience["error"]?["data"]?["accepted"] == ["admin", "customer"])
        for (method, params) in [
            ("account.set", ["gatewayUrl": nil]), ("phone.validate", ["number": "1", "country": nil, "audience": nil]),
            ("notifications.configure", ["audience": "admin", "adminNumbers": nil]),
        ] as [(String, JSONValue)] {
            let answer = await call(method, params.objectValue ?? JSONObject(), on: dispatcher)
            #expect(answer["error"] == nil, "\(method) \(answer)")
        }
    }

    @Test func theCheckerTellsFittingValuesFromOthers() {
        let event: JSONValue = ["$ref": "#/components/schemas/Event"]
        #expect(schema.accepts("store/order/created", event) && !schema.accepts("store/order/nope", event))
        let nullableText: JSONValue = ["type": ["string", "null"], "maxLength": 2]
        #expect(schema.accepts(.null, nullableText) && schema.accepts("éé", nullableText))
        #expect(!schema.accepts("abc", nullableText) && !schema.accepts(1, nullableText))
        let country: JSONValue = ["type": "string", "pattern": "^[A-Za-z]{2}$"]
        #expect(schema.accepts("my", country) && !schema.accepts("MYS", country))
        let list: JSONValue = ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
        #expect(schema.accepts(["a"], list) && !schema.accepts([1], list) && !schema.accepts(.null, list))
        let closed: JSONValue = [
            "type": "object", "properties": ["a": ["type": "boolean"]], "additionalProperties": false,
        ]
        #expect(schema.accepts(["a": true], closed) && !schema.accepts(["b": true], closed))
        let candidates = schema.candidates(closed)
        #expect(
            candidates.contains { schema.accepts($0, closed) } && candidates.contains { !schema.accepts($0, closed) })
    }
}
