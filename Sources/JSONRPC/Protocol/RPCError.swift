/// A JSON-RPC error object: `code`, `message` and optional `data`.
///
/// Codes are an open set: the spec's own are static members here, and servers add theirs in the same style.
public struct RPCError: Error, Sendable, Hashable {
    /// The error's code; -32768 to -32000 are reserved by the spec.
    public var code: Int
    /// A short sentence saying what went wrong.
    public var message: String
    /// Details a client can act on, such as the offending field.
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The error object as JSON.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["code"] = .number(JSONNumber(code))
        object["message"] = .string(message)
        if let data { object["data"] = data }
        return .object(object)
    }
}

extension RPCError {
    /// -32700: the text is not JSON.
    public static func parseError(_ reason: String) -> RPCError {
        RPCError(code: -32700, message: "Parse error", data: ["reason": .string(reason)])
    }

    /// -32600: the JSON is not a valid Request object.
    public static func invalidRequest(_ reason: String) -> RPCError {
        RPCError(code: -32600, message: "Invalid Request", data: ["reason": .string(reason)])
    }

    /// -32601: no method of that name.
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: -32601, message: "Method not found", data: ["method": .string(method)])
    }

    /// -32602: the params do not fit the method. `field` is the offending parameter's path
    /// (`"events[2].template"`), empty for the params as a whole.
    public static func invalidParams(field: String, reason: String, extra: JSONObject = JSONObject()) -> RPCError {
        var data = extra
        data["field"] = .string(field)
        data["reason"] = .string(reason)
        let subject = field.isEmpty ? "params" : "\"\(field)\""
        return RPCError(code: -32602, message: "Invalid params: \(subject) \(reason)", data: .object(data))
    }

    /// -32603: something went wrong inside the server. The message stays generic; details go to the log.
    public static let internalError = RPCError(code: -32603, message: "Internal error")
}

/// An error of the domain that knows which JSON-RPC error it becomes.
public protocol RPCErrorConvertible: Error {
    /// The error as the client will see it.
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    public var rpcError: RPCError { self }
}
