import JSONCore

/// What `POST /sandbox/apps/load`, `/uninstall` and `/remove_user` take: the store, the user, and for tests of
/// the app's refusals, claims set over BigCommerce's (null removes one), another secret, another HMAC
/// algorithm.
struct SignedPayloadOptions: Sendable {
    /// The store's hash.
    let store: String
    /// The payload's `user`; the store's owner when nil.
    let user: AppUser?
    /// Claims set over BigCommerce's.
    let claims: JSONObject?
    /// The key, in place of the app's client secret.
    let secret: String?
    let algorithm: SignedPayload.Algorithm

    /// The fields every such body may carry.
    static let fields = ["store", "user", "claims", "secret", "algorithm"]

    /// Whether the payload differs from what BigCommerce would sign: a refusal test, which changes nothing in
    /// the sandbox.
    var isForged: Bool { claims != nil || secret != nil || algorithm != .hs256 }

    /// Reads a body; `user` must be given when `userRequired`.
    ///
    /// - Throws: ``ControlInputError`` naming the field that is wrong.
    static func parse(_ body: [UInt8], userRequired: Bool = false) throws(ControlInputError) -> SignedPayloadOptions {
        let body = try ControlBody(
            body, example: #"{"store": "abc123", "user": {"id": 42, "email": "merchant@example.com"}}"#)
        try body.refuseUnknownFields(fields)
        guard let store = try body.storeHash() else {
            throw ControlInputError(field: "store", "\"store\" is required: \(StoreHash.rule)")
        }
        var user: AppUser?
        if let value = body.object["user"], value != .null {
            user = try AppUser.parse(value, field: "user")
        } else if userRequired {
            throw ControlInputError(field: "user", "\"user\" is required: {\"id\": 42, \"email\": \"...\"}")
        }
        var claims: JSONObject?
        if let value = body.object["claims"], value != .null {
            guard let object = value.objectValue else {
                throw ControlInputError(
                    field: "claims", "\"claims\" must be an object of claims to set, null removing one")
            }
            claims = object
        }
        var algorithm = SignedPayload.Algorithm.hs256
        if let value = body.object["algorithm"], value != .null {
            guard let name = value.stringValue, let named = SignedPayload.Algorithm(rawValue: name) else {
                let accepted = SignedPayload.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw ControlInputError(field: "algorithm", "\"algorithm\" must be one of \(accepted)")
            }
            algorithm = named
        }
        return SignedPayloadOptions(
            store: store, user: user, claims: claims, secret: try body.string("secret"), algorithm: algorithm)
    }
}
