import JSONCore

/// A store request body that cannot be taken, naming the field: answered 422 as BigCommerce answers it.
struct StoreInputError: Error, Sendable {
    /// The field, e.g. `destination` or `headers.X-Secret`.
    let field: String
    let message: String
    /// The answer's title.
    var title = "JSON data is missing or invalid"

    init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `{"status":422,"title":"...","type":"...","errors":{"field":"message"}}`.
    var response: SandboxResponse {
        .wire(
            .object([
                ("status", 422), ("title", .string(title)),
                ("type", "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"),
                ("errors", .object([(field, .string(message))])),
            ]), status: 422)
    }

    /// The body as a JSON object.
    ///
    /// - Throws: ``StoreInputError`` when it is not one.
    static func object(_ body: [UInt8]) throws(StoreInputError) -> JSONObject {
        guard let object = (try? JSONParser.parse(body))?.objectValue else {
            throw StoreInputError(field: "body", "the body must be a JSON object")
        }
        return object
    }
}
