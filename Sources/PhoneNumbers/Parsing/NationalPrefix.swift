import Foundation

/// Strips a national prefix (and carrier code) from a national number, or rewrites it by the region's transform
/// rule (`maybeStripNationalPrefixAndCarrierCode`).
enum NationalPrefix {
    /// The number without its national prefix, and whether one was stripped. Nothing is stripped when the number
    /// matched the region's general pattern before and would not after.
    static func strip(_ number: String, metadata: RegionMetadata) -> (number: String, stripped: Bool) {
        guard !number.isEmpty, let prefix = metadata.nationalPrefixForParsing,
            let match = prefix.match(number)
        else { return (number, false) }
        let general = metadata.general
        let isViableOriginal = general.matchesPattern(number)
        let groupCount = match.numberOfRanges - 1
        let rest = number.suffix(fromUTF16Offset: match.range.upperBound)
        if let rule = metadata.nationalPrefixTransformRule, groupCount > 0,
            match.range(at: groupCount).location != NSNotFound
        {
            let transformed = apply(rule, to: match, in: number) + rest
            if isViableOriginal && !general.matchesPattern(transformed) {
                return (number, false)
            }
            return (transformed, true)
        }
        if isViableOriginal && !general.matchesPattern(rest) {
            return (number, false)
        }
        return (rest, true)
    }

    /// The replacement of the match by the rule, group references filled in (an unmatched group gives nothing).
    private static func apply(_ rule: TransformRule, to match: NSTextCheckingResult, in number: String) -> String {
        var result = ""
        for piece in rule.pieces {
            switch piece {
            case .literal(let text):
                result += text
            case .group(let index):
                guard index < match.numberOfRanges else { continue }
                let range = match.range(at: index)
                if range.location != NSNotFound {
                    result += number.substring(utf16Range: range)
                }
            }
        }
        return result
    }
}
