import JSONCore
import MCP

/// The tools: one per method of the contract (`schema/openrpc.json`), so that a new method is a new tool with
/// nothing written twice.
///
/// A tool's input schema is the object of the method's params; its output schema is the method's result,
/// or an object holding it as `result` when the result is not an object (MCP's structured content is one).
/// The contract's shared schemas go along as `$defs`. Its annotations come from the method's `x-effect`
/// (`read`, `write` or `destructive`), `x-idempotent` and `x-open-world` (it reaches the gateway or the store).
public struct MCPToolCatalog: Sendable {
    /// Which methods become tools.
    public struct Selection: Sendable, Equatable {
        /// Only the methods that change nothing (`x-effect: read`).
        public var readOnly = false
        /// Leave out the operator's methods (`x-operator-only`) and those that take or show a secret
        /// (`x-secrets`).
        public var noSecrets = false

        public init(readOnly: Bool = false, noSecrets: Bool = false) {
            self.readOnly = readOnly
            self.noSecrets = noSecrets
        }
    }

    /// One tool and how to call its method.
    public struct Entry: Sendable {
        public let tool: Tool
        /// Whether the method's result is wrapped as `{"result": ...}` in the structured content.
        public let wrapsResult: Bool
    }

    /// The tools, in the contract's order.
    public let entries: [Entry]
    private let byName: [String: Entry]

    /// The tools of `document` (an OpenRPC document) that `selection` keeps.
    ///
    /// - Throws: ``MCPToolCatalog/Invalid`` when a method lacks what a tool needs.
    public init(document: JSONValue, selection: Selection = Selection()) throws {
        let definitions = Self.definitions(of: document)
        // The shared schemas, converted once and set as every schema's `$defs`.
        let sharedDefinitions = try definitions.map(MCPValues.mcp)
        func schema(_ value: JSONValue) throws -> Value {
            let converted = try MCPValues.mcp(value)
            guard let sharedDefinitions, case .object(var members) = converted else { return converted }
            members["$defs"] = sharedDefinitions
            return .object(members)
        }
        var entries: [Entry] = []
        for method in document["methods"]?.arrayValue ?? [] {
            guard let name = method["name"]?.stringValue else { throw Invalid(reason: "a method without a name") }
            let effect = method["x-effect"]?.stringValue
            guard let effect, ["read", "write", "destructive"].contains(effect) else {
                throw Invalid(reason: "\(name): x-effect must be read, write or destructive")
            }
            if selection.readOnly && effect != "read" { continue }
            if selection.noSecrets && (method["x-operator-only"] == .bool(true) || method["x-secrets"] == .bool(true)) {
                continue
            }
            let (output, wraps) = Self.outputSchema(of: method, definitions: definitions)
            let tool = Tool(
                name: name, title: method["summary"]?.stringValue,
                description: Self.description(of: method),
                inputSchema: try schema(Self.inputSchema(of: method)),
                annotations: .init(
                    title: method["summary"]?.stringValue, readOnlyHint: effect == "read",
                    destructiveHint: effect == "destructive",
                    idempotentHint: effect == "read" || method["x-idempotent"] == .bool(true),
                    openWorldHint: method["x-open-world"] == .bool(true)),
                outputSchema: try schema(output))
            entries.append(Entry(tool: tool, wrapsResult: wraps))
        }
        self.entries = entries
        byName = Dictionary(entries.map { ($0.tool.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A method the catalog cannot make a tool of.
    public struct Invalid: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "schema/openrpc.json: \(reason)" }
    }

    /// The tools.
    public var tools: [Tool] { entries.map(\.tool) }

    /// The tool named `name`, when the catalog has it.
    public func entry(named name: String) -> Entry? { byName[name] }

    private static func description(of method: JSONValue) -> String {
        let summary = method["summary"]?.stringValue ?? ""
        guard let details = method["description"]?.stringValue, !details.isEmpty else { return summary }
        return summary.isEmpty ? details : summary + "\n\n" + details
    }

    /// The contract's shared schemas, their references made local to a tool's schema.
    private static func definitions(of document: JSONValue) -> JSONValue? {
        guard let schemas = document["components"]?["schemas"], case .object(let members) = schemas,
            members.count > 0
        else { return nil }
        return localized(schemas)
    }

    /// `schema` with `#/components/schemas/X` references made `#/$defs/X`.
    private static func localized(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let object):
            return .object(
                JSONObject(
                    object.members.map { member in
                        if member.key == "$ref", let target = member.value.stringValue,
                            target.hasPrefix("#/components/schemas/")
                        {
                            return .init(
                                key: "$ref",
                                value: .string("#/$defs/" + target.dropFirst("#/components/schemas/".count)))
                        }
                        return .init(key: member.key, value: localized(member.value))
                    }))
        case .array(let items): return .array(items.map(localized))
        default: return schema
        }
    }

    private static func inputSchema(of method: JSONValue) -> JSONValue {
        var properties: [JSONObject.Member] = []
        var required: [JSONValue] = []
        for param in method["params"]?.arrayValue ?? [] {
            guard let name = param["name"]?.stringValue else { continue }
            var schema = localized(param["schema"] ?? .object(JSONObject()))
            if let text = param["description"]?.stringValue, case .object(var object) = schema,
                !object.contains("description")
            {
                object["description"] = .string(text)
                schema = .object(object)
            }
            properties.append(.init(key: name, value: schema))
            if param["required"] == .bool(true) { required.append(.string(name)) }
        }
        var members: [JSONObject.Member] = [
            .init(key: "type", value: .string("object")),
            .init(key: "properties", value: .object(JSONObject(properties))),
            .init(key: "additionalProperties", value: .bool(false)),
        ]
        if !required.isEmpty { members.append(.init(key: "required", value: .array(required))) }
        return .object(JSONObject(members))
    }

    /// The result's schema, or one holding it as `result` (and whether it is wrapped so).
    private static func outputSchema(of method: JSONValue, definitions: JSONValue?) -> (JSONValue, Bool) {
        let result = localized(method["result"]?["schema"] ?? .object(JSONObject()))
        // A shared schema of an object, referred to: an object all of that schema.
        if let target = result["$ref"]?.stringValue, target.hasPrefix("#/$defs/"),
            definitions?[String(target.dropFirst("#/$defs/".count))]?["type"] == .string("object")
        {
            let members: [JSONObject.Member] = [
                .init(key: "type", value: .string("object")), .init(key: "allOf", value: .array([result])),
            ]
            return (.object(JSONObject(members)), false)
        }
        let isObject = result["type"] == .string("object")
        let members: [JSONObject.Member]
        if isObject, case .object(let object) = result {
            members = object.members.filter { $0.key != "$defs" }
        } else {
            members = [
                .init(key: "type", value: .string("object")),
                .init(key: "properties", value: .object(JSONObject([.init(key: "result", value: result)]))),
                .init(key: "required", value: .array([.string("result")])),
            ]
        }
        return (.object(JSONObject(members)), !isObject)
    }
}
