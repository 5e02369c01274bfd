/// Why a text could not be read as a phone number: libphonenumber's `NumberParseException` types.
public enum PhoneNumberParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The country calling code is unknown, or the number has none and no (known) default country was given.
    case invalidCountryCode
    /// The text does not look like a phone number (fewer than three digits, letters, an invalid `tel:` URI...).
    case notANumber
    /// After the international prefix (such as `00`) too few digits are left.
    case tooShortAfterIDD
    /// After the country code, too few digits are left.
    case tooShortNSN
    /// Too many digits, or a text longer than 250 characters.
    case tooLong

    /// libphonenumber's name of the error ("INVALID_COUNTRY_CODE", "NOT_A_NUMBER"...).
    public var code: String {
        switch self {
        case .invalidCountryCode: "INVALID_COUNTRY_CODE"
        case .notANumber: "NOT_A_NUMBER"
        case .tooShortAfterIDD: "TOO_SHORT_AFTER_IDD"
        case .tooShortNSN: "TOO_SHORT_NSN"
        case .tooLong: "TOO_LONG"
        }
    }

    /// A sentence a store admin understands.
    public var message: String {
        switch self {
        case .invalidCountryCode:
            "The country is missing or unknown: start the number with + and its country code, or choose its country."
        case .notANumber:
            "This does not look like a phone number."
        case .tooShortAfterIDD:
            "The number is too short after its international prefix (such as 00)."
        case .tooShortNSN:
            "The number is too short to be a phone number."
        case .tooLong:
            "The number is too long to be a phone number."
        }
    }

    /// The message.
    public var description: String { message }
}
