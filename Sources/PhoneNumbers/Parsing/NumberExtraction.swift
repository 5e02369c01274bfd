/// Finds the phone number in what was typed: an RFC 3966 `tel:` URI with its `phone-context`, or the part of the
/// text from the first digit or plus sign on.
enum NumberExtraction {
    private static let phoneContextLabel = Array(";phone-context=".unicodeScalars)
    private static let telPrefix = Array("tel:".unicodeScalars)
    private static let isdnSubaddress = Array(";isub=".unicodeScalars)

    /// The number to parse (`buildNationalNumberForParsing`); throws `notANumber` for an invalid phone-context.
    static func nationalNumberForParsing(_ raw: String) throws(PhoneNumberParseError) -> String {
        let scalars = Array(raw.unicodeScalars)
        var national: [Unicode.Scalar]
        if let contextIndex = scalars.firstIndex(of: phoneContextLabel) {
            let contextStart = contextIndex + phoneContextLabel.count
            let contextEnd = scalars.firstIndex(of: [";"], from: contextStart) ?? scalars.count
            let phoneContext = contextStart < scalars.count ? Array(scalars[contextStart..<contextEnd]) : []
            guard isPhoneContextValid(phoneContext) else { throw .notANumber }
            // A phone-context that is a number prefix is kept; a domain name is ignored.
            national = phoneContext.first == "+" ? phoneContext : []
            let start = scalars.firstIndex(of: telPrefix).map { $0 + telPrefix.count } ?? 0
            if start < contextIndex {
                national += scalars[start..<contextIndex]
            }
        } else {
            national = extractPossibleNumber(scalars)
        }
        if let isdnIndex = national.firstIndex(of: isdnSubaddress), isdnIndex > 0 {
            national.removeSubrange(isdnIndex...)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: national)
        return String(result)
    }

    /// The text from the first character that can start a number (a digit or a plus sign), without trailing
    /// characters that are neither letters, digits nor `#`, and cut before a second number such as `/x2303`
    /// (`extractPossibleNumber`).
    static func extractPossibleNumber(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard
            let start = scalars.firstIndex(where: { Normalization.isPlus($0) || Normalization.isDecimalDigit($0) })
        else { return [] }
        var end = scalars.count
        while end > start && isUnwantedEndCharacter(scalars[end - 1]) {
            end -= 1
        }
        var number = Array(scalars[start..<end])
        // A second number starts with a slash or backslash, optional spaces, then "x".
        for index in number.indices where number[index] == "/" || number[index] == "\\" {
            var next = index + 1
            while next < number.count && number[next] == " " { next += 1 }
            if next < number.count && number[next] == "x" {
                number.removeSubrange(index...)
                break
            }
        }
        return number
    }

    /// Whether a trailing character is to be removed: an underscore, or anything but `#`, a letter or a number
    /// (Python's `(?:_|[^#\w])`).
    private static func isUnwantedEndCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        if scalar == "#" { return false }
        if scalar.isASCII {
            return !(Normalization.isASCIILetter(scalar) || ("0"..."9").contains(scalar))
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return false
        default:
            return properties.numericType == nil
        }
    }

    /// Whether a phone-context value is a global number (`+` and digits with visual separators) or a domain name,
    /// as RFC 3966 defines them.
    static func isPhoneContextValid(_ context: [Unicode.Scalar]) -> Bool {
        guard let first = context.first else { return false }
        if first == "+" {
            let rest = context.dropFirst()
            return rest.contains(where: Normalization.isDecimalDigit)
                && rest.allSatisfy { Normalization.isDecimalDigit($0) || "-.()".unicodeScalars.contains($0) }
        }
        return isDomainName(context)
    }

    /// `(domainlabel ".")* toplabel "."?`, labels of ASCII letters, digits and inner hyphens, the top label
    /// starting with a letter.
    private static func isDomainName(_ name: [Unicode.Scalar]) -> Bool {
        var name = name[...]
        if name.last == "." { name = name.dropLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            guard let first = label.first, let last = label.last, last != "-" else { return false }
            let isTop = index == labels.count - 1
            guard isTop ? Normalization.isASCIILetter(first) : isAlphanumeric(first) else { return false }
            guard label.allSatisfy({ isAlphanumeric($0) || $0 == "-" }) else { return false }
        }
        return true
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        Normalization.isASCIILetter(scalar) || Normalization.isDecimalDigit(scalar)
    }
}

extension Array where Element == Unicode.Scalar {
    /// The index of the first occurrence of a sequence, searching from an index.
    func firstIndex(of needle: [Unicode.Scalar], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, count >= needle.count, start <= count - needle.count else { return nil }
        for index in start...(count - needle.count) where self[index] == needle[0] {
            if self[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}
