import JSONCore

/// What an app sends to `POST /oauth2/token` to exchange an install's code for the store's token: a JSON
/// body (or, as some clients send it, a form) with `client_id`, `client_secret`, `code`, `context`, `scope`,
/// `grant_type` and `redirect_uri`.
struct TokenExchangeRequest: Sendable {
    let clientId: String
    let clientSecret: String
    let code: String
    /// `stores/{hash}`.
    let context: String
    let scope: String
    /// `authorization_code`.
    let grantType: String
    /// The app's auth callback URL.
    let redirectURI: String

    /// The fields, in the order BigCommerce's documentation lists them.
    static let fields = ["client_id", "client_secret", "code", "context", "scope", "grant_type", "redirect_uri"]

    /// Reads a JSON object body, or a form body when it is not JSON; other members are ignored.
    ///
    /// - Throws: ``TokenExchangeError`` `invalid_request` naming the field missing or not a string.
    static func parse(_ body: [UInt8]) throws(TokenExchangeError) -> TokenExchangeRequest {
        var values: [String: String] = [:]
        if let parsed = try? JSONParser.parse(body) {
            guard let object = parsed.objectValue else {
                throw .invalidRequest("the body must be a JSON object of \(fields.joined(separator: ", "))")
            }
            for field in fields {
                guard let value = object[field] else { continue }
                guard let text = value.stringValue else { throw .invalidRequest("\(field) must be a string") }
                values[field] = text
            }
        } else {
            let form = FormParameters(decoding: body)
            for field in fields { values[field] = form[field] }
        }
        for field in fields where values[field]?.isEmpty != false {
            throw .invalidRequest("\(field) is required")
        }
        return TokenExchangeRequest(
            clientId: values["client_id"] ?? "", clientSecret: values["client_secret"] ?? "",
            code: values["code"] ?? "", context: values["context"] ?? "", scope: values["scope"] ?? "",
            grantType: values["grant_type"] ?? "", redirectURI: values["redirect_uri"] ?? "")
    }
}
