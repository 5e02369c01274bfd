import JSONCore

/// What a `POST /v3/hooks` or `PUT /v3/hooks/{id}` body asks for: any of `scope`, `destination`,
/// `is_active` and `headers`; fields left out are nil, other fields are ignored.
struct WebhookChanges: Sendable {
    var scope: WebhookScope?
    var destination: String?
    var isActive: Bool?
    /// The custom headers; null gives none.
    var headers: [(name: String, value: String)]?

    /// The most custom headers a hook may carry.
    static let maximumHeaders = 20

    /// Headers the sandbox sets itself, which a hook may not replace.
    private static let reservedHeaders: Set<String> = [
        "content-type", "content-length", "host", "transfer-encoding", "webhook-id", "webhook-timestamp",
        "webhook-signature",
    ]

    /// Reads and checks a body.
    ///
    /// - Throws: ``StoreInputError`` naming the field that is wrong.
    static func parse(_ body: [UInt8]) throws(StoreInputError) -> WebhookChanges {
        let object = try StoreInputError.object(body)
        var changes = WebhookChanges()
        if let value = object["scope"] {
            guard let text = value.stringValue, let scope = WebhookScope(rawValue: text) else {
                throw StoreInputError(field: "scope", "scope must be one of \(WebhookScope.accepted)")
            }
            changes.scope = scope
        }
        if let value = object["destination"] {
            guard let text = value.stringValue else {
                throw StoreInputError(field: "destination", "destination must be a string")
            }
            if let problem = WebhookDestination.problem(text) {
                throw StoreInputError(field: "destination", problem)
            }
            changes.destination = text
        }
        if let value = object["is_active"] {
            guard case .bool(let flag) = value else {
                throw StoreInputError(field: "is_active", "is_active must be true or false")
            }
            changes.isActive = flag
        }
        if let value = object["headers"] {
            changes.headers = try headers(value)
        }
        return changes
    }

    private static func headers(_ value: JSONValue) throws(StoreInputError) -> [(name: String, value: String)] {
        if value == .null { return [] }
        guard let object = value.objectValue else {
            throw StoreInputError(field: "headers", "headers must be an object of header names and string values")
        }
        guard object.count <= maximumHeaders else {
            throw StoreInputError(field: "headers", "headers may hold at most \(maximumHeaders) headers")
        }
        var headers: [(name: String, value: String)] = []
        for member in object {
            let field = "headers.\(member.key)"
            guard isToken(member.key), !reservedHeaders.contains(member.key.lowercased()) else {
                throw StoreInputError(
                    field: field, "\(member.key) cannot be a custom header: give a header name of your own")
            }
            guard let text = member.value.stringValue, text.utf8.count <= 1024,
                text.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) })
            else {
                throw StoreInputError(field: field, "\(field) must be a string of up to 1024 bytes on one line")
            }
            headers.removeAll { $0.name.lowercased() == member.key.lowercased() }
            headers.append((member.key, text))
        }
        return headers
    }

    /// An HTTP token (RFC 9110): ASCII letters, digits and ``!#$%&'*+-.^_`|~``, up to 256 of them.
    private static func isToken(_ name: String) -> Bool {
        let symbols = Set("!#$%&'*+-.^_`|~".utf8)
        return (1...256).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || symbols.contains(byte)
            }
    }
}
