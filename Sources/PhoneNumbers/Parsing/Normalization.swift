/// libphonenumber's normalisations of the characters of a number.
enum Normalization {
    /// Strips punctuation and turns any decimal digit (full-width, Arabic-Indic...) into ASCII; when the number has
    /// three or more ASCII letters it is a vanity number, and letters become their keypad digits instead
    /// (`normalize`).
    static func normalize(_ number: String) -> String {
        var letters = 0
        for scalar in number.unicodeScalars where isASCIILetter(scalar) {
            letters += 1
            if letters == 3 { return keypadDigits(number) }
        }
        return digitsOnly(number)
    }

    /// Keeps the digits of a number, turned into ASCII digits (`normalizeDigitsOnly`).
    static func digitsOnly(_ number: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in number.unicodeScalars {
            if let digit = digitValue(scalar) {
                result.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit)))
            }
        }
        return String(result)
    }

    /// The value of a character that stands for a digit (Unicode's digit property, as Python's
    /// `unicodedata.digit`), or nil.
    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.isASCII {
            return ("0"..."9").contains(scalar) ? Int(scalar.value - 48) : nil
        }
        let properties = scalar.properties
        guard properties.numericType == .decimal || properties.numericType == .digit,
            let value = properties.numericValue, value >= 0, value <= 9
        else { return nil }
        return Int(value)
    }

    /// Whether a character is a Unicode decimal digit (category Nd, regular expressions' `\d`).
    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.generalCategory == .decimalNumber
    }

    /// Whether a character is an ASCII letter.
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Whether a character is one of the plus signs (`+` and the full-width `＋`).
    static func isPlus(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "+" || scalar == "\u{FF0B}"
    }

    /// Letters to keypad digits (ITU E.161) and ASCII digits kept; everything else dropped.
    private static func keypadDigits(_ number: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in number.unicodeScalars {
            if let digit = keypadDigit(upperCased(scalar)) {
                result.append(digit)
            }
        }
        return String(result)
    }

    /// The upper case of a character as a single character, if it has one (as Python's `str.upper`).
    private static func upperCased(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32) : scalar
        }
        let upper = String(scalar).uppercased().unicodeScalars
        return upper.count == 1 ? upper.first : nil
    }

    private static func keypadDigit(_ scalar: Unicode.Scalar?) -> Unicode.Scalar? {
        guard let scalar else { return nil }
        if ("0"..."9").contains(scalar) { return scalar }
        guard ("A"..."Z").contains(scalar) else { return nil }
        let keys: [UInt8] = Array("22233344455566677778889999".utf8)
        return Unicode.Scalar(keys[Int(scalar.value - 65)])
    }
}
