import PhoneNumbers

/// How numbers of one audience (admins or customers) are checked before anything is sent to them.
///
/// The seed's rule: "if the number is considered invalid format for the default country, no SMS will be
/// sent. If no default country is selected, no checking is done." Two settings refine it, both visible in
/// `account.get` and changed with `account.set`.
public struct PhonePolicy: Sendable, Equatable {
    /// The default country (ISO 3166-1 alpha-2); nil: no checking.
    public var country: String?
    /// Whether a valid number of another country, typed with its `+` code, passes (the seed: no).
    public var allowForeignNumbers: Bool
    /// Whether numbers that cannot receive SMS (fixed line, toll free, premium rate, shared cost, UAN,
    /// voicemail) are refused.
    public var smsCapableOnly: Bool

    public init(country: String?, allowForeignNumbers: Bool = false, smsCapableOnly: Bool = true) {
        self.country = country
        self.allowForeignNumbers = allowForeignNumbers
        self.smsCapableOnly = smsCapableOnly
    }

    /// The policy for admin numbers under `settings`.
    public static func admins(_ settings: AccountSettings) -> PhonePolicy {
        PhonePolicy(
            country: settings.adminCountry, allowForeignNumbers: settings.allowForeignNumbers,
            smsCapableOnly: settings.smsCapableOnly)
    }

    /// The policy for customer numbers under `settings`.
    public static func customers(_ settings: AccountSettings) -> PhonePolicy {
        PhonePolicy(
            country: settings.customerCountry, allowForeignNumbers: settings.allowForeignNumbers,
            smsCapableOnly: settings.smsCapableOnly)
    }
}

extension PhoneNumberType {
    /// Whether numbers of this type can receive SMS. Fixed-line-or-mobile numbers (as in the US) may.
    public var canReceiveSMS: Bool {
        switch self {
        case .mobile, .fixedLineOrMobile, .voip, .personalNumber, .pager: true
        case .fixedLine, .tollFree, .premiumRate, .sharedCost, .uan, .voicemail, .unknown: false
        }
    }
}
