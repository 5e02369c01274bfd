/// A message that passed the spec's checks for a Request object.
struct RPCRequest: Sendable {
    let method: String
    let params: JSONValue?
    /// The id to echo; nil when the member is absent, which makes the request a notification.
    let id: JSONValue?

    /// A message that is not a valid Request, and the id to answer it with.
    struct Invalid: Error {
        let error: RPCError
        let id: JSONValue
    }

    /// Checks `message` against the spec: an object, `jsonrpc` exactly "2.0", a string `method`, `params`
    /// an array or object when present, `id` a string, number or null when present.
    static func read(_ message: JSONValue) -> Result<RPCRequest, Invalid> {
        guard case .object(let object) = message else {
            return .failure(Invalid(error: .invalidRequest("a request must be an object"), id: .null))
        }
        let idMember = object["id"]
        let echoID: JSONValue
        switch idMember {
        case nil, .null?: echoID = .null
        case .string?, .number?: echoID = idMember ?? .null
        default:
            return .failure(Invalid(error: .invalidRequest("id must be a string, a number or null"), id: .null))
        }
        guard object["jsonrpc"] == .string("2.0") else {
            return .failure(Invalid(error: .invalidRequest("jsonrpc must be exactly \"2.0\""), id: echoID))
        }
        guard case .string(let method)? = object["method"] else {
            return .failure(Invalid(error: .invalidRequest("method must be a string"), id: echoID))
        }
        let params = object["params"]
        switch params {
        case nil, .array?, .object?: break
        default:
            return .failure(Invalid(error: .invalidRequest("params must be an array or an object"), id: echoID))
        }
        return .success(RPCRequest(method: method, params: params, id: idMember))
    }
}
