/// Parses and validates phone numbers per country, offline, with the answers of Google's libphonenumber (its
/// metadata is generated into this module; see NOTICE).
public enum PhoneNumberUtility {
    /// Parses a phone number as typed: with `+` and the country code, with an international prefix ("00",
    /// "011"...), or in national form for `defaultRegion`; spaces, dashes, dots, brackets, full-width digits,
    /// vanity letters ("1-800-FLOWERS"), extensions (" ext. 123", "x123") and `tel:` URIs are understood.
    ///
    /// - Parameters:
    ///   - raw: The text typed.
    ///   - defaultRegion: The ISO 3166-1 code (upper case, "MY") of the country numbers without a country code are
    ///     from; nil when numbers must start with `+`.
    /// - Returns: The number, with its region, type and validity. Parsing does not require validity.
    /// - Throws: `PhoneNumberParseError` when the text cannot be read as a number of a known country.
    public static func parse(_ raw: String, defaultRegion: String?) throws(PhoneNumberParseError) -> PhoneNumber {
        let result = try Parser.parse(raw, region: defaultRegion)
        return PhoneNumber(
            countryCode: result.countryCode, nationalNumber: result.nationalNumber,
            extensionDigits: result.extensionDigits.isEmpty ? nil : Normalization.digitsOnly(result.extensionDigits))
    }

    /// Whether a number is valid for a region (libphonenumber's `isValidNumberForRegion`): it has the region's
    /// calling code and matches the region's patterns. A Canadian number is not valid for "US", though both
    /// share +1; "001" checks non-geographic numbers (+800...).
    public static func isValid(_ number: PhoneNumber, forRegion region: String) -> Bool {
        NumberClassifier.isValid(
            countryCode: number.countryCode, nationalNumber: number.nationalNumber, forRegion: region)
    }

    /// Parses and validates in one call, with the reason in words when the number is not valid.
    ///
    /// - Parameters:
    ///   - raw: The text typed.
    ///   - region: The country the number should be of, as an ISO 3166-1 code ("MY", upper-cased first); also the
    ///     default region for numbers typed without a country code. nil to accept a valid number of any country.
    public static func validate(_ raw: String, region: String?) -> PhoneValidation {
        let region = region?.uppercased()
        do {
            let number = try parse(raw, defaultRegion: region)
            guard let region else {
                return PhoneValidation(
                    parsed: number, isValidForRegion: nil,
                    reason: number.isValid ? nil : ValidationReason.invalid(number))
            }
            let valid = isValid(number, forRegion: region)
            return PhoneValidation(
                parsed: number, isValidForRegion: valid,
                reason: valid ? nil : ValidationReason.notValid(number, forRegion: region))
        } catch {
            return PhoneValidation(
                parsed: nil, isValidForRegion: region == nil ? nil : false,
                reason: ValidationReason.parseFailure(error, raw: raw, region: region))
        }
    }

    /// The ISO 3166-1 codes of the 245 regions with metadata (non-geographic "001" excluded).
    public static var supportedRegions: Set<String> { MetadataStore.shared.supportedRegions }

    /// The country calling code of a region ("MY" → 60), or nil for an unknown region.
    public static func countryCode(forRegion region: String) -> Int? {
        MetadataStore.shared.region(region.uppercased())?.countryCode
    }

    /// The English name of a region ("MY" → "Malaysia"), or nil for an unknown region.
    public static func name(ofRegion region: String) -> String? {
        MetadataStore.shared.region(region.uppercased())?.name
    }

    /// The version of libphonenumber's metadata in use (the `phonenumbers` release it was generated from).
    public static var metadataVersion: String { MetadataText.version }
}
