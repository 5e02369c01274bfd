/// Builds the wire form of responses and notifications.
public enum RPCMessages {
    /// `{"jsonrpc":"2.0","result":…,"id":…}`
    public static func success(result: JSONValue, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "result": result, "id": id]
    }

    /// `{"jsonrpc":"2.0","error":{…},"id":…}`; `id` is null when the request's id could not be read.
    public static func failure(_ error: RPCError, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "error": error.jsonValue, "id": id]
    }

    /// `{"jsonrpc":"2.0","method":…,"params":…}`: a notification, which is never answered.
    public static func notification(method: String, params: JSONValue?) -> JSONValue {
        .object(call(method: method, params: params))
    }

    /// `{"jsonrpc":"2.0","method":…,"params":…,"id":…}`: a request.
    public static func request(method: String, params: JSONValue?, id: JSONValue) -> JSONValue {
        var object = call(method: method, params: params)
        object["id"] = id
        return .object(object)
    }

    private static func call(method: String, params: JSONValue?) -> JSONObject {
        var object = JSONObject([.init(key: "jsonrpc", value: "2.0"), .init(key: "method", value: .string(method))])
        if let params { object["params"] = params }
        return object
    }
}
