/// An answer body as a tree, written as JSON (`mocean-resp-format=json`) or as MoceanAPI's default XML.
///
/// Object keys keep their order, so answers read exactly like the reference's examples.
enum WireValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case integer(Int)
    case number(Double)
    /// An amount written with 4 decimals, e.g. `0.0500`.
    case money(Money)
    case bool(Bool)
    case null
    case array([WireValue])
    case object([(String, WireValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .integer(value) }

    /// A string, or null when `value` is nil.
    static func optional(_ value: String?) -> WireValue { value.map(WireValue.string) ?? .null }

    /// An integer, or null when `value` is nil.
    static func optional(_ value: Int?) -> WireValue { value.map(WireValue.integer) ?? .null }

    static func == (left: WireValue, right: WireValue) -> Bool { left.json == right.json }

    /// Compact JSON.
    var json: String {
        var text = ""
        writeJSON(into: &text)
        return text
    }

    private func writeJSON(into text: inout String) {
        switch self {
        case .string(let value): Self.writeJSONString(value, into: &text)
        case .integer(let value): text += String(value)
        case .number(let value): text += value.isFinite ? "\(value)" : "null"
        case .money(let value): text += value.description
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                item.writeJSON(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += "," }
                Self.writeJSONString(key, into: &text)
                text += ":"
                value.writeJSON(into: &text)
            }
            text += "}"
        }
    }

    private static func writeJSONString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// An XML document with a `<result>` root: object members become elements, and the items of an array
    /// become elements named after the array in the singular (`messages` holds `<message>` elements).
    var xml: String {
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"#
        writeXML(named: "result", into: &text)
        return text
    }

    private func writeXML(named name: String, into text: inout String) {
        if case .array(let items) = self {
            let itemName = name.hasSuffix("s") ? String(name.dropLast()) : "item"
            text += "<\(name)>"
            for item in items { item.writeXML(named: itemName, into: &text) }
            text += "</\(name)>"
            return
        }
        text += "<\(name)>"
        switch self {
        case .string(let value): text += Self.escapeXML(value)
        case .integer(let value): text += String(value)
        case .number(let value): text += "\(value)"
        case .money(let value): text += value.description
        case .bool(let value): text += value ? "true" : "false"
        case .null, .array: break
        case .object(let members):
            for (key, value) in members { value.writeXML(named: key, into: &text) }
        }
        text += "</\(name)>"
    }

    private static func escapeXML(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
