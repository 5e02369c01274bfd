/// libphonenumber's `parse`, step by step.
enum Parser {
    /// Inputs longer than this (in Unicode scalars) are refused before anything else.
    static let maxInputLength = 250
    /// The shortest national significant number.
    static let minLengthForNSN = 2
    /// The longest national significant number.
    static let maxLengthForNSN = 17

    /// What parsing finds: the calling code, the national significant number and the extension.
    struct Result {
        let countryCode: Int
        let nationalNumber: String
        let extensionDigits: String
    }

    /// Parses a number as typed, the default region telling numbers written without a country code.
    static func parse(_ raw: String, region: String?) throws(PhoneNumberParseError) -> Result {
        let store = MetadataStore.shared
        if raw.unicodeScalars.count > maxInputLength { throw .tooLong }
        let national = try NumberExtraction.nationalNumberForParsing(raw)
        guard ParsingPatterns.isViablePhoneNumber(national) else { throw .notANumber }
        // Without a known default region, the number must say its country with a plus sign.
        if !(region.map(store.supportedRegions.contains) ?? false)
            && !(national.unicodeScalars.first.map(Normalization.isPlus) ?? false)
        {
            throw .invalidCountryCode
        }
        let (extensionDigits, number) = ParsingPatterns.stripExtension(national)
        var metadata = region.flatMap { store.region($0.uppercased()) }
        var (countryCode, nationalNumber) = try extractCountryCode(number, metadata: metadata)
        if countryCode != 0 {
            metadata = store.metadata(countryCode: countryCode, region: store.mainRegion(forCountryCode: countryCode))
        } else {
            nationalNumber += Normalization.normalize(number)
            // A supported default region was checked above, so its metadata is there.
            guard let metadata else { throw .invalidCountryCode }
            countryCode = metadata.countryCode
        }
        if nationalNumber.utf8.count < minLengthForNSN { throw .tooShortNSN }
        if let metadata {
            let stripped = NationalPrefix.strip(nationalNumber, metadata: metadata).number
            // Strip only when what remains could still be a whole number of the region.
            switch NumberLength.test(stripped, metadata: metadata) {
            case .tooShort, .possibleLocalOnly, .invalidLength: break
            case .possible, .tooLong: nationalNumber = stripped
            }
        }
        let length = nationalNumber.utf8.count
        if length < minLengthForNSN { throw .tooShortNSN }
        if length > maxLengthForNSN { throw .tooLong }
        return Result(countryCode: countryCode, nationalNumber: nationalNumber, extensionDigits: extensionDigits)
    }

    /// The country code extraction, tried again without the plus sign when what follows it is no known code.
    private static func extractCountryCode(_ number: String, metadata: RegionMetadata?) throws(PhoneNumberParseError)
        -> (Int, String)
    {
        do {
            return try CountryCodeExtraction.extract(number, metadata: metadata)
        } catch {
            let scalars = number.unicodeScalars
            guard error == .invalidCountryCode, let first = scalars.first, Normalization.isPlus(first) else {
                throw error
            }
            let rest = String(scalars.drop(while: Normalization.isPlus))
            let result = try CountryCodeExtraction.extract(rest, metadata: metadata)
            if result.countryCode == 0 { throw .invalidCountryCode }
            return result
        }
    }
}
