/// How an SMS text is encoded on the air.
public enum SMSEncoding: String, Sendable {
    /// The GSM 03.38 7-bit default alphabet: 160 characters in one SMS, 153 per part when concatenated.
    case gsm7 = "GSM-7"
    /// UTF-16: 70 units in one SMS, 67 per part when concatenated.
    case ucs2 = "UCS-2"
}

/// The length of an SMS text and how many parts it takes.
///
/// A text is GSM-7 when every Unicode scalar is in the GSM 03.38 basic set or its extension set (an extension
/// character, `^ { } \ [ ] ~ | €` and form feed, takes 2 septets); any other scalar makes the whole text UCS-2,
/// counted in UTF-16 code units (an emoji outside the Basic Multilingual Plane counts 2). Scalars are taken as
/// written: `é` written as `e` and a combining accent is not the GSM `é`.
///
/// A single message holds 160 septets or 70 units; a longer text is split into parts of 153 septets or 67 units
/// (the rest carries the concatenation header). Simplification: an extension character is counted as if it were
/// never split across two parts, and a surrogate pair as if never split.
public enum SMSLength {
    /// Encoding, length in the encoding's units and parts of `text`; 0 parts for empty text.
    public static func measure(_ text: String) -> (encoding: SMSEncoding, characters: Int, parts: Int) {
        var septets = 0
        for scalar in text.unicodeScalars {
            if GSMAlphabet.basic.contains(scalar) {
                septets += 1
            } else if GSMAlphabet.extension.contains(scalar) {
                septets += 2
            } else {
                let units = text.utf16.count
                return (.ucs2, units, parts(units, single: ucs2SingleLimit, perPart: ucs2PartLimit))
            }
        }
        return (.gsm7, septets, parts(septets, single: gsm7SingleLimit, perPart: gsm7PartLimit))
    }

    /// GSM-7 septets of one message alone.
    public static let gsm7SingleLimit = 160
    /// GSM-7 septets per part of a concatenated message.
    public static let gsm7PartLimit = 153
    /// UCS-2 units of one message alone.
    public static let ucs2SingleLimit = 70
    /// UCS-2 units per part of a concatenated message.
    public static let ucs2PartLimit = 67

    private static func parts(_ length: Int, single: Int, perPart: Int) -> Int {
        if length == 0 { return 0 }
        if length <= single { return 1 }
        return (length + perPart - 1) / perPart
    }
}
