/// The reasons `PhoneNumberUtility.validate` gives, in words for a store admin.
enum ValidationReason {
    /// "Malaysia (MY)", or "the international service +800" for non-geographic numbers.
    static func display(_ region: String?, countryCode: Int? = nil) -> String {
        guard let region, let metadata = MetadataStore.shared.region(region) else {
            return countryCode.map { "the international service +\($0)" } ?? "an unknown country"
        }
        return "\(metadata.name) (\(region))"
    }

    /// Why a parsed number is not valid for its own region.
    static func invalid(_ number: PhoneNumber) -> String {
        "not a number of \(display(number.region, countryCode: number.countryCode))"
    }

    /// Why a parsed number is not valid for the region asked.
    static func notValid(_ number: PhoneNumber, forRegion region: String) -> String {
        let store = MetadataStore.shared
        guard let metadata = store.region(region) else {
            return region == MetadataStore.nonGeographicRegion
                ? "not an international service number" : "unknown country \(region)"
        }
        let asked = display(region)
        if number.isValid, number.region != region {
            return "a number of \(display(number.region, countryCode: number.countryCode)), not of \(asked)"
        }
        if number.countryCode != metadata.countryCode {
            return "not a number of \(asked): its country code is +\(number.countryCode)"
        }
        switch NumberLength.test(number.nationalNumber, metadata: metadata) {
        case .tooShort, .possibleLocalOnly: return "too short for \(region)"
        case .tooLong: return "too long for \(region)"
        case .possible, .invalidLength: return "not a number of \(asked)"
        }
    }

    /// Why a text did not parse.
    static func parseFailure(_ error: PhoneNumberParseError, raw: String, region: String?) -> String {
        switch error {
        case .notANumber: return "not a phone number"
        case .tooShortAfterIDD: return "too short after the international prefix"
        case .tooShortNSN: return "too short to be a phone number"
        case .tooLong: return "too long to be a phone number"
        case .invalidCountryCode: return unknownCountry(raw: raw, region: region)
        }
    }

    /// Which country is unknown: the code after the plus sign, or the region given, or that none was given.
    private static func unknownCountry(raw: String, region: String?) -> String {
        let scalars = raw.unicodeScalars
        if let plus = scalars.firstIndex(where: Normalization.isPlus) {
            let digits = Normalization.digitsOnly(String(scalars[scalars.index(after: plus)...]))
            if !digits.isEmpty { return "unknown country code +\(digits.prefix(3))" }
        }
        guard let region else { return "no country given, and the number does not start with + and a country code" }
        if !MetadataStore.shared.supportedRegions.contains(region) { return "unknown country \(region)" }
        return "unknown country code after the international prefix"
    }
}
