/// One HTTP request, read in full, as the router sees it.
struct SandboxRequest: Sendable {
    /// `GET`, `POST`, ...
    var method: String
    /// The path without the query, e.g. `/rest/2/sms`.
    var path: String
    /// The query string's parameters.
    var query: FormParameters
    /// The `Authorization` header, if any.
    var authorization: String?
    /// The `X-Auth-Token` header, if any (the store's API).
    var authToken: String?
    var body: [UInt8]
    /// The values the route's path captured, e.g. `hash` of `/stores/{hash}/v2/store`.
    var routeParameters: [String: String]

    init(
        method: String, uri: String, authorization: String?, authToken: String? = nil, body: [UInt8],
        routeParameters: [String: String] = [:]
    ) {
        self.method = method
        self.authorization = authorization
        self.authToken = authToken
        self.body = body
        self.routeParameters = routeParameters
        if let questionMark = uri.firstIndex(of: "?") {
            path = String(uri[..<questionMark])
            query = FormParameters(decoding: Array(uri.utf8[uri.utf8.index(after: questionMark)...]))
        } else {
            path = uri
            query = FormParameters()
        }
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
    }

    /// The form body's parameters followed by the query string's, so that the body wins.
    var parameters: FormParameters {
        FormParameters(decoding: body).merged(with: query)
    }

    /// The token of an `Authorization: Bearer TOKEN` header.
    var bearerToken: String? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingSpaces
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
