import Foundation

/// libphonenumber's own parsing patterns: what a viable phone number looks like, and how extensions are written.
///
/// libphonenumber matches them ignoring case; ICU and Python disagree on a few letters then (Python's "i" also
/// matches "İ" and "ı", its "s" "ſ", its "k" the Kelvin sign), so the patterns are matched case-sensitively here,
/// each letter written as the set of characters Python's case-insensitive matching accepts for it.
enum ParsingPatterns {
    /// Punctuation allowed in phone numbers: dashes, spaces, dots, slashes, brackets, tildes, and the letter x
    /// (carrier code placeholder), with their full-width forms (`VALID_PUNCTUATION`), as the body of an ICU set.
    static let validPunctuation =
        #"\-xX\u2010-\u2015\u2212\u30FC\uFF0D-\uFF0F\u0020\u00A0\u00AD\u200B\u2060\u3000"#
        + #"\(\)\uFF08\uFF09\uFF3B\uFF3D\.\[\]/\~\u2053\u223C\uFF5E"#

    /// ASCII letters, and the letters that fold to them (`VALID_ALPHA`, ignoring case).
    static let validAlpha = #"A-Za-z\u0130\u0131\u017F\u212A"#

    /// Characters that match a letter when case is ignored, beyond its lower and upper case.
    private static let foldingExtras: [Unicode.Scalar: String] = [
        "i": "\u{130}\u{131}", "k": "\u{212A}", "s": "\u{17F}", "\u{434}": "\u{1C81}", "\u{43E}": "\u{1C82}",
    ]

    /// A literal text matched ignoring case: each letter becomes the set of its forms.
    static func caseless(_ text: String) -> String {
        var pattern = ""
        for scalar in text.unicodeScalars {
            let lower = String(scalar).lowercased()
            let upper = String(scalar).uppercased()
            let extras = lower.unicodeScalars.first.flatMap { foldingExtras[$0] } ?? ""
            if lower == upper {
                pattern += NSRegularExpression.escapedPattern(for: String(scalar))
            } else {
                pattern += "[" + lower + upper + extras + "]"
            }
        }
        return pattern
    }

    /// Extension digits, up to a number of them.
    private static func extensionDigits(_ maxLength: Int) -> String {
        #"(\d{1,"# + String(maxLength) + "})"
    }

    /// All the ways of writing an extension when parsing (`EXTN_PATTERNS_FOR_PARSING`); six capturing groups.
    static let extensionPatterns: String = {
        let separators = #"[\u0020\u00A0\t,]*"#
        let afterLabel = #"[\:\.\uFF0E]?[\u0020\u00A0\t,\-]*"#
        let suffix = "#?"
        let explicitLabels =
            "(?:" + caseless("e") + "?" + caseless("xt") + "(?:" + caseless("ensi") + "(?:" + caseless("o")
            + #"\u0301?|"# + caseless("\u{F3}") + "))?" + caseless("n") + "?|" + caseless("\u{FF45}") + "?"
            + caseless("\u{FF58}\u{FF54}") + caseless("\u{FF4E}") + "?|" + caseless("\u{434}\u{43E}\u{431}") + "|"
            + caseless("anexo") + ")"
        let ambiguousLabels =
            #"(?:[xX\uFF58\uFF38#\uFF03\~\uFF5E]|"# + caseless("int") + "|" + caseless("\u{FF49}\u{FF4E}\u{FF54}") + ")"
        let separatorsNoComma = #"[\u0020\u00A0\t]*"#
        let alternatives = [
            ";" + caseless("ext") + "=" + extensionDigits(20),
            separators + explicitLabels + afterLabel + extensionDigits(20) + suffix,
            separators + ambiguousLabels + afterLabel + extensionDigits(9) + suffix,
            #"[\-\u0020]+"# + extensionDigits(6) + "#",
            separatorsNoComma + "(?:,{2}|;)" + afterLabel + extensionDigits(15) + suffix,
            separatorsNoComma + "(?:,)+" + afterLabel + extensionDigits(9) + suffix,
        ]
        return alternatives.joined(separator: "|")
    }()

    /// A viable phone number, whole: two digits, or at least three digits with punctuation, letters and an
    /// optional extension (`VALID_PHONE_NUMBER_PATTERN`).
    static let validPhoneNumber = PatternTable.compile(
        #"\A(?:\d{2}|[+\uFF0B]*(?:["# + validPunctuation + #"\*]*\d){3,}["# + validPunctuation + #"\*"#
            + validAlpha + #"\d]*(?:"# + extensionPatterns + #")?)\z"#)

    /// An extension at the end of a number (`EXTN_PATTERN`).
    static let extensionAtEnd = PatternTable.compile("(?:" + extensionPatterns + ")$")

    /// Whether a string could be a phone number: at least two characters, and the viable pattern matches all of it
    /// (`isViablePhoneNumber`).
    static func isViablePhoneNumber(_ number: String) -> Bool {
        if number.unicodeScalars.count < 2 { return false }
        return validPhoneNumber.firstMatch(in: number, range: NSRange(location: 0, length: number.utf16.count))
            != nil
    }

    /// Splits an extension off the end of a number, when what precedes it is itself viable
    /// (`maybeStripExtension`): the extension (empty if none) and the number before it.
    static func stripExtension(_ number: String) -> (extension: String, number: String) {
        let range = NSRange(location: 0, length: number.utf16.count)
        guard let match = extensionAtEnd.firstMatch(in: number, range: range) else { return ("", number) }
        let before = number.prefix(utf16Offset: match.range.location)
        guard isViablePhoneNumber(before) else { return ("", number) }
        for group in 1..<match.numberOfRanges {
            let groupRange = match.range(at: group)
            if groupRange.location != NSNotFound {
                return (number.substring(utf16Range: groupRange), before)
            }
        }
        return ("", number)
    }
}

extension String {
    /// The characters before a UTF-16 offset that falls on a character (scalar) boundary.
    func prefix(utf16Offset: Int) -> String {
        let end = utf16.index(utf16.startIndex, offsetBy: utf16Offset)
        return String(unicodeScalars[..<end])
    }

    /// The characters from a UTF-16 offset that falls on a character (scalar) boundary.
    func suffix(fromUTF16Offset offset: Int) -> String {
        let start = utf16.index(utf16.startIndex, offsetBy: offset)
        return String(unicodeScalars[start...])
    }

    /// The characters of a UTF-16 range whose ends fall on character (scalar) boundaries.
    func substring(utf16Range range: NSRange) -> String {
        let start = utf16.index(utf16.startIndex, offsetBy: range.location)
        let end = utf16.index(start, offsetBy: range.length)
        return String(unicodeScalars[start..<end])
    }
}
