/// How many SMS parts a text takes, as MoceanAPI charges them.
public struct MessageLength: Sendable, Equatable {
    /// The alphabet a text travels in.
    public enum Encoding: String, Sendable {
        /// The GSM 03.38 7-bit alphabet: 160 septets in one SMS, 153 per part when concatenated.
        case gsm7 = "GSM-7"
        /// 8-bit data: 140 bytes in one SMS, 134 per part.
        case eightBit = "8-bit"
        /// UCS-2 (UTF-16 code units): 70 in one SMS, 67 per part.
        case ucs2 = "UCS-2"
    }

    public let encoding: Encoding
    /// The length in the encoding's units: septets, bytes or UTF-16 code units.
    public let units: Int
    /// The number of SMS parts, at least 1.
    public let parts: Int

    /// Measures `text` sent with `mocean-coding` `coding` (1 = 7-bit, 2 = 8-bit, 3 = UCS-2; nil = 7-bit).
    ///
    /// A 7-bit text holding a character outside the GSM alphabet travels as UCS-2, as the gateway must send it.
    public init(text: String, coding: Int?) {
        switch coding {
        case 3:
            encoding = .ucs2
            units = text.utf16.count
        case 2:
            encoding = .eightBit
            units = text.utf8.count
        default:
            if let septets = Self.septets(text) {
                encoding = .gsm7
                units = septets
            } else {
                encoding = .ucs2
                units = text.utf16.count
            }
        }
        let (single, perPart) =
            switch encoding {
            case .gsm7: (160, 153)
            case .eightBit: (140, 134)
            case .ucs2: (70, 67)
            }
        parts = units <= single ? 1 : (units + perPart - 1) / perPart
    }

    /// The septets `text` takes in the GSM 7-bit alphabet, or nil if a character is not in it.
    static func septets(_ text: String) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            if basic.contains(scalar) {
                count += 1
            } else if extensionTable.contains(scalar) {
                count += 2
            } else {
                return nil
            }
        }
        return count
    }

    /// GSM 03.38's basic character set (the escape to the extension table left out).
    private static let basic = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
            + "abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)

    /// GSM 03.38's extension table: each takes an escape septet and its own.
    private static let extensionTable = Set("^{}\\[]~|€\u{0C}".unicodeScalars)
}
