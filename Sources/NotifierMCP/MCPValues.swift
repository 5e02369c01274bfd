import Foundation
import JSONCore
import MCP

/// Values between the service's JSON (exact numbers, members in order) and the MCP library's, member by member
/// (the library's own decoder tries each kind of value in turn, which is slow for large schemas).
enum MCPValues {
    /// `value` as the MCP library holds it: whole numbers that fit as integers, other numbers as doubles.
    static func mcp(_ value: JSONValue) throws -> Value {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .number(let number):
            if let integer = number.integer(as: Int.self) { return .int(integer) }
            return .double(number.double ?? 0)
        case .array(let items): return .array(try items.map(mcp))
        case .object(let object):
            var members: [String: Value] = [:]
            for member in object { members[member.key] = try mcp(member.value) }
            return .object(members)
        }
    }

    /// `value` as the service holds it.
    static func json(_ value: Value) throws -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .number(JSONNumber(integer))
        case .double(let number): return .number(JSONNumber(number))
        case .string(let text): return .string(text)
        case .data(let mimeType, let data):
            return .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let items): return .array(try items.map(json))
        case .object(let members):
            return .object(
                JSONObject(try members.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: try json($0.value)) })
            )
        }
    }
}
