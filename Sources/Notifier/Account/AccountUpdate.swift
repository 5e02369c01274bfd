/// A change to one field: leave it, set it, or clear it.
public enum FieldUpdate<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    case set(Value)
    case clear

    /// Whether the change gives a value.
    var isSet: Bool {
        if case .set = self { return true }
        return false
    }
}

/// A change to the account: only the fields given change (`account.set`).
public struct AccountUpdate: Sendable, Equatable {
    public var apiKey: FieldUpdate<String> = .keep
    public var apiSecret: FieldUpdate<String> = .keep
    public var apiToken: FieldUpdate<String> = .keep
    public var sender: FieldUpdate<String> = .keep
    public var adminCountry: FieldUpdate<String> = .keep
    public var customerCountry: FieldUpdate<String> = .keep
    /// Clearing it returns to the public gateway.
    public var gatewayURL: FieldUpdate<String> = .keep
    /// Clearing it returns to the default (false: the seed's behaviour).
    public var allowForeignNumbers: FieldUpdate<Bool> = .keep
    /// Clearing it returns to the default (true).
    public var smsCapableOnly: FieldUpdate<Bool> = .keep

    public init() {}

    /// Whether the change touches what the gateway sees (credentials or address).
    var changesGatewayAccess: Bool {
        apiKey != .keep || apiSecret != .keep || apiToken != .keep || gatewayURL != .keep
    }

    /// Applies the change to `settings` after checking every field.
    ///
    /// - Throws: ``ValidationError`` for the first field that is not acceptable, naming it, what is wrong
    ///   and what is accepted.
    func applied(to settings: AccountSettings) throws(ValidationError) -> AccountSettings {
        var result = settings
        result.apiKey = try Self.update(settings.apiKey, apiKey, AccountValidation.credential(field: "apiKey"))
        result.apiSecret = try Self.update(
            settings.apiSecret, apiSecret, AccountValidation.credential(field: "apiSecret"))
        result.apiToken = try Self.update(settings.apiToken, apiToken, AccountValidation.credential(field: "apiToken"))
        result.sender = try Self.update(settings.sender, sender, AccountValidation.sender)
        result.adminCountry = try Self.update(
            settings.adminCountry, adminCountry, AccountValidation.country(field: "adminCountry"))
        result.customerCountry = try Self.update(
            settings.customerCountry, customerCountry, AccountValidation.country(field: "customerCountry"))
        switch gatewayURL {
        case .keep: break
        case .clear: result.gatewayURL = AccountSettings.defaultGatewayURL
        case .set(let url): result.gatewayURL = try AccountValidation.gatewayURL(url)
        }
        // Stored credentials never go to an address they were not given for, the public gateway included: a
        // caller able to change the URL alone could otherwise have the secret sent to a server of theirs, and
        // a sandbox's secret would go to the real gateway.
        let givesCredentials = apiToken.isSet || (apiKey.isSet && apiSecret.isSet)
        if result.gatewayURL != settings.gatewayURL, !givesCredentials, result.authentication != nil {
            throw ValidationError(
                field: "gatewayUrl",
                reason: "can change (or be reset with null) only together with the credentials for the new "
                    + "address (apiToken, or apiKey and apiSecret), so that stored secrets are never sent to "
                    + "another address")
        }
        switch allowForeignNumbers {
        case .keep: break
        case .clear: result.allowForeignNumbers = false
        case .set(let allowed): result.allowForeignNumbers = allowed
        }
        switch smsCapableOnly {
        case .keep: break
        case .clear: result.smsCapableOnly = true
        case .set(let only): result.smsCapableOnly = only
        }
        if changesGatewayAccess {
            result.currency = nil
            result.currencyCheckedAt = nil
        }
        return result
    }

    private static func update(
        _ current: String?, _ change: FieldUpdate<String>, _ validate: (String) throws(ValidationError) -> String
    ) throws(ValidationError) -> String? {
        switch change {
        case .keep: current
        case .clear: nil
        case .set(let value): try validate(value)
        }
    }
}

/// A value a user gave that cannot be accepted.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter, e.g. `adminCountry`.
    public let field: String
    /// What was wrong and what is accepted; never repeats a secret.
    public let reason: String
    /// The values accepted, when they are a short list (e.g. an event's keywords).
    public let accepted: [String]?

    public init(field: String, reason: String, accepted: [String]? = nil) {
        self.field = field
        self.reason = reason
        self.accepted = accepted
    }

    public var description: String { "\(field) \(reason)" }
}
