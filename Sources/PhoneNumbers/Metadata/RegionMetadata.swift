/// What libphonenumber knows of one region, or of one non-geographic calling code (region "001"), as far as
/// parsing, validating and typing numbers needs.
struct RegionMetadata: Sendable {
    /// The region code ("MY"), or "001" for a non-geographic entity.
    let id: String
    /// The country calling code (60).
    let countryCode: Int
    /// The English name of the region ("Malaysia"); empty for non-geographic entities.
    let name: String
    /// Whether the region is the main one of a calling code shared by several.
    let isMainCountryForCode: Bool
    /// Whether the fixed-line and mobile descriptions are the same (then a number of either is
    /// "fixed line or mobile").
    let sameMobileAndFixedLinePattern: Bool
    /// The international (IDD) prefix, such as "00" or "011", as a pattern.
    let internationalPrefix: PrefixPattern?
    /// The international prefix to write when several are possible.
    let preferredInternationalPrefix: String?
    /// The national prefix ("0").
    let nationalPrefix: String?
    /// The national prefix for parsing, a pattern that may capture a carrier code or digits to keep.
    let nationalPrefixForParsing: PrefixPattern?
    /// How the digits captured by the national prefix for parsing are rewritten (`"9\1"`).
    let nationalPrefixTransformRule: TransformRule?
    /// For regions sharing a calling code: the leading digits of their numbers.
    let leadingDigits: PrefixPattern?
    /// The descriptions, indexed by `DescriptionKind.rawValue`; nil where the region has none.
    let descriptions: [NumberDescription?]

    /// The general description, which every valid number matches.
    var general: NumberDescription {
        // The generator refuses metadata without a general description.
        descriptions[DescriptionKind.general.rawValue]!
    }

    /// The description of one kind, if the region has it.
    subscript(kind: DescriptionKind) -> NumberDescription? {
        descriptions[kind.rawValue]
    }
}

/// A national prefix transform rule, such as `9\1`: literal digits and references to captured groups.
struct TransformRule: Sendable {
    /// One piece of the rule.
    enum Piece: Sendable {
        case literal(String)
        case group(Int)
    }

    /// The pieces, in order.
    let pieces: [Piece]

    /// Reads a rule written with `\N` group references.
    init(_ rule: String) {
        var pieces: [Piece] = []
        var literal = ""
        var scalars = rule.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\\", let next = scalars.next() {
                if let digit = Int(String(next)) {
                    if !literal.isEmpty { pieces.append(.literal(literal)) }
                    literal = ""
                    pieces.append(.group(digit))
                } else {
                    literal.unicodeScalars.append(next)
                }
            } else {
                literal.unicodeScalars.append(scalar)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }
}
