/// Finds the country calling code of a number: after a plus sign, after the default region's international (IDD)
/// prefix, or typed without either but starting with the default region's calling code
/// (`maybeExtractCountryCode`).
enum CountryCodeExtraction {
    /// Where the country code came from.
    enum Source {
        case plusSign, internationalPrefix, defaultCountry
    }

    /// The calling code (0 when none was found, and the number is national) and, when one was found, the rest of
    /// the number, normalised.
    static func extract(_ number: String, metadata: RegionMetadata?) throws(PhoneNumberParseError) -> (
        countryCode: Int, nationalNumber: String
    ) {
        if number.isEmpty { return (0, "") }
        let (source, fullNumber) = stripInternationalPrefix(number, prefix: metadata?.internationalPrefix)
        if source != .defaultCountry {
            if fullNumber.utf8.count <= Parser.minLengthForNSN { throw .tooShortAfterIDD }
            let (countryCode, rest) = extractCountryCode(fullNumber)
            if countryCode != 0 { return (countryCode, rest) }
            throw .invalidCountryCode
        }
        if let metadata {
            let code = String(metadata.countryCode)
            if fullNumber.hasPrefix(code) {
                let potential = String(fullNumber.dropFirst(code.count))
                let stripped = NationalPrefix.strip(potential, metadata: metadata).number
                let general = metadata.general
                // Keep the code stripped when the number was not valid before but is now, or was too long.
                if (!general.matchesPattern(fullNumber) && general.matchesPattern(stripped))
                    || NumberLength.test(fullNumber, metadata: metadata) == .tooLong
                {
                    return (metadata.countryCode, stripped)
                }
            }
        }
        return (0, "")
    }

    /// Strips leading plus signs, or else the international prefix, and normalises the rest
    /// (`maybeStripInternationalPrefixAndNormalize`).
    static func stripInternationalPrefix(_ number: String, prefix: PrefixPattern?) -> (Source, String) {
        let scalars = number.unicodeScalars
        if let first = scalars.first, Normalization.isPlus(first) {
            let rest = scalars.drop(while: Normalization.isPlus)
            return (.plusSign, Normalization.normalize(String(rest)))
        }
        let normalized = Normalization.normalize(number)
        guard let prefix, let match = prefix.match(normalized) else { return (.defaultCountry, normalized) }
        let rest = normalized.suffix(fromUTF16Offset: match.range.upperBound)
        // Country codes never start with 0: then what looked like a prefix was not one.
        if rest.first == "0" { return (.defaultCountry, normalized) }
        return (.internationalPrefix, rest)
    }

    /// The known calling code (1 to 3 digits) at the start of a normalised number, and the rest; (0, number) when
    /// there is none (`extractCountryCode`).
    static func extractCountryCode(_ number: String) -> (Int, String) {
        let digits = Array(number.utf8)
        if digits.isEmpty || digits[0] == UInt8(ascii: "0") { return (0, number) }
        var code = 0
        for length in 1...min(digits.count, 3) {
            let digit = Int(digits[length - 1]) - 48
            guard digit >= 0 && digit <= 9 else { return (0, number) }
            code = code * 10 + digit
            if MetadataStore.shared.regionsByCountryCode[code] != nil {
                return (code, String(decoding: digits[length...], as: UTF8.self))
            }
        }
        return (0, number)
    }
}
