import PhoneNumbers

/// The verdict on one number under a ``PhonePolicy``: whether an SMS may go to it, to which digits, and why
/// not when it may not.
public struct PhoneCheck: Sendable, Equatable {
    /// The number as typed.
    public let input: String
    /// The country it was checked against; nil when the policy has none and nothing was checked.
    public let country: String?
    /// Whether an SMS may be sent; nil when nothing was checked (no default country).
    public let valid: Bool?
    /// Why not, in words a store admin understands.
    public let reason: String?
    /// The parsed number, when it parses.
    public let number: PhoneNumber?
    /// The digits that go to the gateway: E.164 without `+` when parsed, else the digits as typed.
    public let gatewayNumber: String
    /// Whether the number's type can receive SMS; nil when unknown.
    public let smsCapable: Bool?

    /// Checks `raw` under `policy`.
    public static func check(_ raw: String, policy: PhonePolicy) -> PhoneCheck {
        guard let country = policy.country else {
            // No default country: no checking, as in the seed. A number typed with `+` is still read, so
            // the digits sent are the international ones.
            let number = try? PhoneNumberUtility.parse(raw, defaultRegion: nil)
            return PhoneCheck(
                input: raw, country: nil, valid: nil, reason: nil, number: number,
                gatewayNumber: number?.gatewayNumber ?? digits(of: raw), smsCapable: number?.type.canReceiveSMS)
        }
        let validation = PhoneNumberUtility.validate(raw, region: country)
        guard let number = validation.parsed else {
            return refused(raw, country, number: nil, validation.reason ?? "not a phone number")
        }
        let forCountry = validation.isValidForRegion ?? false
        let foreign = number.region != country
        let foreignAllowed = !forCountry && policy.allowForeignNumbers && number.isValid && foreign
        guard forCountry || foreignAllowed else {
            var reason = validation.reason ?? "not a valid number of \(country)"
            if foreign, policy.allowForeignNumbers {
                // Foreign numbers are allowed: what is wrong is the number itself, in its own country.
                reason = PhoneNumberUtility.validate(raw, region: nil).reason ?? reason
            } else if foreign, number.isValid {
                reason += "; set allowForeignNumbers to accept numbers of other countries"
            }
            return refused(raw, country, number: number, reason)
        }
        if policy.smsCapableOnly, !number.type.canReceiveSMS {
            let reason = "a \(number.type.spokenName) number cannot receive SMS"
            return refused(raw, country, number: number, reason)
        }
        return PhoneCheck(
            input: raw, country: country, valid: true, reason: nil, number: number,
            gatewayNumber: number.gatewayNumber, smsCapable: number.type.canReceiveSMS)
    }

    private static func refused(_ raw: String, _ country: String, number: PhoneNumber?, _ reason: String) -> PhoneCheck
    {
        PhoneCheck(
            input: raw, country: country, valid: false, reason: reason, number: number,
            gatewayNumber: number?.gatewayNumber ?? digits(of: raw), smsCapable: number?.type.canReceiveSMS)
    }

    /// The decimal digits of `raw` (full-width and other scripts' digits too), as ASCII, in order.
    static func digits(of raw: String) -> String {
        String(
            raw.unicodeScalars.compactMap { scalar -> Character? in
                guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else {
                    return nil
                }
                return Character(String(Int(value)))
            })
    }
}

extension PhoneNumberType {
    /// The type in words: "fixed-line", "toll-free"...
    var spokenName: String {
        switch self {
        case .mobile: "mobile"
        case .fixedLine: "fixed-line"
        case .fixedLineOrMobile: "fixed-line or mobile"
        case .tollFree: "toll-free"
        case .premiumRate: "premium-rate"
        case .sharedCost: "shared-cost"
        case .voip: "VoIP"
        case .personalNumber: "personal"
        case .pager: "pager"
        case .uan: "universal access"
        case .voicemail: "voicemail"
        case .unknown: "unknown-type"
        }
    }
}
