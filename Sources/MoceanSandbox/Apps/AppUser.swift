import JSONCore

/// A user of a store's control panel, as BigCommerce names them to the app: the token exchange's `user` and
/// `owner`, and a signed payload's `user` and `owner`.
struct AppUser: Sendable, Equatable {
    /// BigCommerce's user id.
    let id: Int
    let email: String
    /// The exchange's `username`: the email's local part unless given.
    let username: String

    /// The owner of a store installed without naming a user: an id drawn from the store hash (the digits of
    /// its `store_id`) and `owner@{hash}.example`.
    static func defaultOwner(of storeHash: String) -> AppUser {
        AppUser(id: Int(StoreEvent.storeId(storeHash)) ?? 1, email: "owner@\(storeHash).example", username: "owner")
    }

    /// `{"id", "username", "email"}`, as the token exchange answers `user` and `owner`.
    var exchangeValue: WireValue {
        .object([("id", .integer(id)), ("username", .string(username)), ("email", .string(email))])
    }

    /// `{"id", "email"}`, and `locale` when given, as a signed payload's `user` and `owner` claims.
    func claim(locale: String? = nil) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "id", value: .number(JSONNumber(id))), .init(key: "email", value: .string(email)),
        ]
        if let locale { members.append(.init(key: "locale", value: .string(locale))) }
        return .object(JSONObject(members))
    }

    /// Reads `{"id": 42, "email": "...", "username"?: "..."}`.
    ///
    /// - Throws: ``ControlInputError`` naming the member of `field` that is wrong.
    static func parse(_ value: JSONValue, field: String) throws(ControlInputError) -> AppUser {
        guard let object = value.objectValue else {
            throw ControlInputError(
                field: field,
                "\"\(field)\" must be an object such as {\"id\": 42, \"email\": "
                    + "\"merchant@example.com\"}")
        }
        let body = ControlBody(object: object)
        do throws(ControlInputError) {
            try body.refuseUnknownFields(["id", "email", "username"])
            guard case .number(let number) = object["id"] ?? .null, let id = number.integer(as: Int.self),
                (1...Int(Int32.max)).contains(id)
            else {
                throw ControlInputError(field: "id", "\"id\" must be a whole number from 1 to 2147483647")
            }
            let email = try body.requiredString("email", maximumLength: 254)
            guard let at = email.firstIndex(of: "@"), at != email.startIndex else {
                throw ControlInputError(field: "email", "\"email\" must be an address such as merchant@example.com")
            }
            let username = try body.string("username", maximumLength: 254)
            return AppUser(
                id: id, email: email,
                username: username ?? String(email[..<at]))
        } catch {
            throw ControlInputError(field: "\(field).\(error.field)", error.message)
        }
    }
}
