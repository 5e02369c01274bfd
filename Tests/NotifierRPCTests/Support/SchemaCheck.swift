import Foundation
import JSONRPC

/// Just enough JSON Schema to tell whether a value fits a param's schema in `schema/openrpc.json`, and to make up
/// values that fit or do not: `$ref`, `type`, `enum`, `oneOf`, `anyOf`, `maxLength`, `minLength`, `pattern`,
/// `items` (with `minItems`, `maxItems`), `minimum`, `maximum`, `properties`, `required`, `propertyNames`,
/// `additionalProperties` and `examples`.
struct SchemaCheck {
    /// The whole document, which `$ref`s point into.
    let document: JSONValue

    /// `schema` with its `$ref`s followed.
    func resolve(_ schema: JSONValue) -> JSONValue {
        var schema = schema
        var hops = 0
        while let reference = schema["$ref"]?.stringValue, reference.hasPrefix("#/"), hops < 16 {
            var target: JSONValue? = document
            for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
            guard let target else { break }
            schema = target
            hops += 1
        }
        return schema
    }

    /// Whether `value` fits `schema`.
    func accepts(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        let schema = resolve(schema)
        if let types = typeNames(schema), !types.contains(where: { Self.fits(value, type: $0) }) { return false }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) { return false }
        if let branches = schema["oneOf"]?.arrayValue, branches.filter({ accepts(value, $0) }).count != 1 {
            return false
        }
        if let branches = schema["anyOf"]?.arrayValue, !branches.contains(where: { accepts(value, $0) }) {
            return false
        }
        switch value {
        case .string(let text): return acceptsText(text, schema)
        case .array(let elements):
            if let least = Self.integer(schema["minItems"]), elements.count < least { return false }
            if let most = Self.integer(schema["maxItems"]), elements.count > most { return false }
            return schema["items"].map { items in elements.allSatisfy { accepts($0, items) } } ?? true
        case .number(let number):
            guard let value = number.double else { return false }
            if case .number(let least)? = schema["minimum"], let bound = least.double, value < bound { return false }
            if case .number(let most)? = schema["maximum"], let bound = most.double, value > bound { return false }
            return true
        case .object(let object): return acceptsObject(object, schema)
        default: return true
        }
    }

    /// Whether `value` may be given as null.
    func allowsNull(_ schema: JSONValue) -> Bool {
        accepts(.null, schema)
    }

    private func acceptsText(_ text: String, _ schema: JSONValue) -> Bool {
        // JSON Schema counts characters as Unicode code points.
        let length = text.unicodeScalars.count
        if let most = Self.integer(schema["maxLength"]), length > most { return false }
        if let least = Self.integer(schema["minLength"]), length < least { return false }
        if let pattern = schema["pattern"]?.stringValue {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
            let range = NSRange(text.startIndex..., in: text)
            if expression.firstMatch(in: text, range: range) == nil { return false }
        }
        return true
    }

    private func acceptsObject(_ object: JSONObject, _ schema: JSONValue) -> Bool {
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        for name in schema["required"]?.arrayValue ?? [] where object[name.stringValue ?? ""] == nil { return false }
        for member in object {
            if let names = schema["propertyNames"], !accepts(.string(member.key), names) { return false }
            if let property = properties[member.key] {
                if !accepts(member.value, property) { return false }
            } else if let additional = schema["additionalProperties"] {
                if additional == false { return false }
                if additional != true, !accepts(member.value, additional) { return false }
            }
        }
        return true
    }

    /// Values to try against `schema`: some fit, some do not (``accepts(_:_:)`` tells which). Every kind of JSON
    /// value, with the schema's own string examples standing for "a string" when it documents some (a phone number
    /// or a URL is more than any string); enum values and one that is not listed; strings at and past
    /// `maxLength` and strings `pattern` may refuse; inside arrays and objects, the same for items and members.
    func candidates(_ schema: JSONValue, depth: Int = 0) -> [JSONValue] {
        let schema = resolve(schema)
        let documented = documentedStrings(schema)
        var values: [JSONValue] = [.null, true, 7, 1.5, [], [:]] + (documented.isEmpty ? ["x"] : documented)
        values += specificCandidates(schema, depth: depth)
        return Self.unique(values)
    }

    /// The candidates `schema`'s own keywords call for, and those of its `oneOf` and `anyOf` branches.
    private func specificCandidates(_ schema: JSONValue, depth: Int) -> [JSONValue] {
        let schema = resolve(schema)
        var values = schema["examples"]?.arrayValue ?? []
        if let options = schema["enum"]?.arrayValue { values += options + ["not-a-listed-value"] }
        for branch in (schema["oneOf"]?.arrayValue ?? []) + (schema["anyOf"]?.arrayValue ?? []) {
            values += specificCandidates(branch, depth: depth)
        }
        if let most = Self.integer(schema["maxLength"]) {
            // At the limit in characters that take 2 bytes each, and one past it.
            values += [.string(String(repeating: "é", count: most)), .string(String(repeating: "x", count: most + 1))]
        }
        if schema["pattern"] != nil { values += ["", "!", "x y", "ZZZZ-9", "é"] }
        for bound in ["minimum", "maximum"] {
            if case .number(let number)? = schema[bound], let value = number.double {
                values += [.number(JSONNumber(value)), .number(JSONNumber(bound == "minimum" ? value - 1 : value + 1))]
            }
        }
        guard depth < 2 else { return values }
        if let items = schema["items"] {
            values += candidates(items, depth: depth + 1).map { .array([$0]) }
        }
        for member in schema["properties"]?.objectValue ?? JSONObject() {
            values += candidates(member.value, depth: depth + 1).map {
                .object(JSONObject([.init(key: member.key, value: $0)]))
            }
        }
        if let names = schema["propertyNames"] {
            values += candidates(names, depth: depth + 1).compactMap(\.stringValue).map {
                .object(JSONObject([.init(key: $0, value: [:])]))
            }
        }
        if let additional = schema["additionalProperties"] {
            if additional == false {
                values.append(["not-a-listed-member": 1])
            } else if additional != true {
                let key = validKey(schema)
                values += candidates(additional, depth: depth + 1).map {
                    .object(JSONObject([.init(key: key, value: $0)]))
                }
            }
        }
        return values
    }

    /// The string `examples` of `schema` and of its branches.
    private func documentedStrings(_ schema: JSONValue) -> [JSONValue] {
        let schema = resolve(schema)
        let own = (schema["examples"]?.arrayValue ?? []).filter { $0.stringValue != nil }
        let branches = (schema["oneOf"]?.arrayValue ?? []) + (schema["anyOf"]?.arrayValue ?? [])
        return own + branches.flatMap(documentedStrings)
    }

    /// A member name `schema` allows beyond its listed properties.
    private func validKey(_ schema: JSONValue) -> String {
        guard let names = schema["propertyNames"] else { return "key" }
        return candidates(names, depth: 2).compactMap(\.stringValue).first { accepts(.string($0), names) } ?? "key"
    }

    /// A value that fits `schema`, for the params a call must give besides the one under test.
    func sample(_ schema: JSONValue) -> JSONValue? {
        candidates(schema).first { accepts($0, schema) }
    }

    private func typeNames(_ schema: JSONValue) -> [String]? {
        switch schema["type"] {
        case .string(let name)?: [name]
        case .array(let names)?: names.compactMap(\.stringValue)
        default: nil
        }
    }

    private static func fits(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("number", .number), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number.integer(as: Int64.self) != nil
        default: false
        }
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        if case .number(let number)? = value { return number.integer() }
        return nil
    }

    private static func unique(_ values: [JSONValue]) -> [JSONValue] {
        var seen: Set<JSONValue> = []
        return values.filter { seen.insert($0).inserted }
    }
}
