import Foundation
import JSONCore
import MCP

/// Values between the service's JSON (exact numbers, members in order) and the MCP library's.
enum MCPValues {
    /// `value` as the MCP library holds it.
    static func mcp(_ value: JSONValue) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(JSONWriter.serialize(value)))
    }

    /// `value` as the service holds it.
    static func json(_ value: Value) throws -> JSONValue {
        try JSONParser.parse(Array(try JSONEncoder().encode(value)))
    }
}
