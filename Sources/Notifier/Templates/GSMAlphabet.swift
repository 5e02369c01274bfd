/// The GSM 03.38 7-bit default alphabet and its extension table.
enum GSMAlphabet {
    /// The basic set in code order, 0x00 to 0x7F, in rows of 16 or 32; 0x1B is the escape to the extension table,
    /// not a character.
    static let basicTable: [Unicode.Scalar] = Array(
        [
            "@\u{A3}$\u{A5}\u{E8}\u{E9}\u{F9}\u{EC}\u{F2}\u{C7}\n\u{D8}\u{F8}\r\u{C5}\u{E5}",
            "\u{394}_\u{3A6}\u{393}\u{39B}\u{3A9}\u{3A0}\u{3A8}\u{3A3}\u{398}\u{39E}\u{1B}\u{C6}\u{E6}\u{DF}\u{C9}",
            " !\"#\u{A4}%&'()*+,-./0123456789:;<=>?",
            "\u{A1}ABCDEFGHIJKLMNOPQRSTUVWXYZ\u{C4}\u{D6}\u{D1}\u{DC}\u{A7}",
            "\u{BF}abcdefghijklmnopqrstuvwxyz\u{E4}\u{F6}\u{F1}\u{FC}\u{E0}",
        ].joined().unicodeScalars)

    /// The characters of the basic set: one septet each.
    static let basic: Set<Unicode.Scalar> = Set(basicTable).subtracting(["\u{1B}"])

    /// The extension table's characters (form feed `^ { } \ [ ~ ] | €`): an escape and a septet, two in all.
    static let `extension`: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|\u{20AC}".unicodeScalars)
}
