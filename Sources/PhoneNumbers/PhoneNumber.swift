/// A parsed phone number: its country calling code and national significant number, with what libphonenumber
/// tells of it (region, type, validity).
public struct PhoneNumber: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The country calling code (60 for Malaysia).
    public let countryCode: Int
    /// The national significant number, ASCII digits without the national prefix ("123456789"); leading zeros
    /// that belong to the number (Italy's "06...") are kept.
    public let nationalNumber: String
    /// The extension typed after the number (" ext. 123", "x123", ";ext=123"), in ASCII digits; nil when none.
    public let extensionDigits: String?
    /// The region the number is from ("MY"): among regions sharing a calling code, the one whose numbers it
    /// matches, else the main region of its calling code; "001" for non-geographic numbers (+800...).
    public let region: String?
    /// The kind of line the number reaches; `.unknown` when it is not valid.
    public let type: PhoneNumberType
    /// Whether the number is valid (libphonenumber's `isValidNumber`): it matches the patterns of the region it
    /// is from.
    public let isValid: Bool

    /// The number in E.164 form: "+60123456789". The extension is not part of it.
    public var e164: String { "+\(countryCode)\(nationalNumber)" }

    /// The number as the SMS gateway takes it: E.164 without the plus sign, "60123456789".
    public var gatewayNumber: String { "\(countryCode)\(nationalNumber)" }

    /// The E.164 form.
    public var description: String { e164 }

    /// A number and what the metadata tells of it.
    init(countryCode: Int, nationalNumber: String, extensionDigits: String?) {
        self.countryCode = countryCode
        self.nationalNumber = nationalNumber
        self.extensionDigits = extensionDigits
        let found = NumberClassifier.regionCode(countryCode: countryCode, nationalNumber: nationalNumber)
        region = found ?? MetadataStore.shared.regionsByCountryCode[countryCode]?.first
        if let found, let metadata = MetadataStore.shared.metadata(countryCode: countryCode, region: found) {
            type = NumberClassifier.type(of: nationalNumber, metadata: metadata)
        } else {
            type = .unknown
        }
        isValid = NumberClassifier.isValid(countryCode: countryCode, nationalNumber: nationalNumber, forRegion: found)
    }
}
