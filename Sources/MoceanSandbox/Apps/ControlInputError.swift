import JSONCore

/// A `/sandbox/...` request body that cannot be taken, naming the field: answered 400
/// `{"error": "...", "field": "..."}`.
struct ControlInputError: Error, Sendable {
    /// The field, e.g. `clientId` or `user.email`; `body` when the body as a whole is wrong.
    let field: String
    /// What was wrong and what would be right.
    let message: String
    /// The HTTP status of the answer.
    var status = 400

    /// An error of `field` saying `message`.
    init(field: String, _ message: String, status: Int = 400) {
        self.field = field
        self.message = message
        self.status = status
    }

    /// `{"error": "...", "field": "..."}`.
    var response: SandboxResponse {
        .wire(.object([("error", .string(message)), ("field", .string(field))]), status: status)
    }
}

/// A `/sandbox/...` request body: a JSON object read field by field, refusing fields it does not take.
struct ControlBody: Sendable {
    /// The body's members.
    let object: JSONObject

    /// A body already parsed, e.g. a member object of another body.
    init(object: JSONObject) {
        self.object = object
    }

    /// Parses `body`; an empty body is an empty object when `emptyAllowed`.
    ///
    /// - Throws: ``ControlInputError`` when the body is not a JSON object.
    init(_ body: [UInt8], example: String, emptyAllowed: Bool = false) throws(ControlInputError) {
        if emptyAllowed, body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            object = JSONObject()
            return
        }
        guard let object = (try? JSONParser.parse(body))?.objectValue else {
            throw ControlInputError(field: "body", "the body must be a JSON object such as \(example)")
        }
        self.object = object
    }

    /// Refuses a field that is not one of `accepted`.
    ///
    /// - Throws: ``ControlInputError`` naming the first unknown field.
    func refuseUnknownFields(_ accepted: [String]) throws(ControlInputError) {
        if let unknown = object.keys.first(where: { !accepted.contains($0) }) {
            throw ControlInputError(
                field: unknown, "unknown field \"\(unknown)\": give \(accepted.joined(separator: ", "))")
        }
    }

    /// The string `field`, or nil when it is left out (or null).
    ///
    /// - Throws: ``ControlInputError`` when it is not a non-empty string of at most `maximumLength` bytes on
    ///   one line.
    func string(_ field: String, maximumLength: Int = 1024) throws(ControlInputError) -> String? {
        guard let value = object[field], value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty, text.utf8.count <= maximumLength,
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        else {
            throw ControlInputError(
                field: field, "\"\(field)\" must be a non-empty string of up to \(maximumLength) bytes on one line")
        }
        return text
    }

    /// The string `field`, which must be given.
    ///
    /// - Throws: ``ControlInputError`` when it is missing or not a usable string.
    func requiredString(_ field: String, maximumLength: Int = 1024) throws(ControlInputError) -> String {
        guard let text = try string(field, maximumLength: maximumLength) else {
            throw ControlInputError(field: field, "\"\(field)\" is required")
        }
        return text
    }

    /// The store hash `field` (default `store`), or nil when it is left out.
    ///
    /// - Throws: ``ControlInputError`` when it is not a store hash.
    func storeHash(_ field: String = "store") throws(ControlInputError) -> String? {
        guard let value = object[field], value != .null else { return nil }
        guard let text = value.stringValue, StoreHash.isWellFormed(text) else {
            throw ControlInputError(field: field, "\"\(field)\" must be a store hash: \(StoreHash.rule)")
        }
        return text
    }
}

/// What a store hash may be.
enum StoreHash {
    /// The rule, for error messages.
    static let rule = "1 to 32 lower-case letters and digits, e.g. abc123"

    /// Whether `text` can name a store the sandbox creates: 1 to 32 lower-case ASCII letters and digits.
    static func isNewHash(_ text: String) -> Bool {
        (1...32).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// Whether `text` can name a store at all: a new hash, or the configured store's, which may carry capitals
    /// (1 to 256 ASCII letters and digits).
    static func isWellFormed(_ text: String) -> Bool {
        (1...256).contains(text.utf8.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
