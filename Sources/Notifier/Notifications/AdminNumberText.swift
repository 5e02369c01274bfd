/// Admin numbers as one line of text, the seed's form: "60123456789 60123456666".
///
/// The seed separates numbers with spaces, but people also type spaces inside a number ("012-345 6789").
/// Commas, semicolons and line breaks always separate. Within what they leave, spaces separate only where
/// each piece is a plausible number on its own (7 digits or more); otherwise adjacent pieces are joined,
/// taking the longest run of pieces that makes a number the policy accepts (or of 7 to 15 digits when the
/// policy checks no country).
public enum AdminNumberText {
    /// How many space-separated pieces one number may be typed in.
    static let mostPiecesPerNumber = 6

    /// The numbers in `text`, each as typed.
    public static func split(_ text: String, policy: PhonePolicy) -> [String] {
        let segments = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
        return segments.flatMap { numbers(in: $0, policy: policy) }
    }

    private static func numbers(in segment: Substring, policy: PhonePolicy) -> [String] {
        let pieces = segment.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !pieces.allSatisfy({ digitCount($0) >= 7 }) else { return pieces }
        var numbers: [String] = []
        var start = 0
        while start < pieces.count {
            let longest = min(pieces.count, start + mostPiecesPerNumber)
            let end =
                (start + 1...longest).reversed().first { end in
                    plausible(pieces[start..<end].joined(separator: " "), policy: policy)
                } ?? shortestReaching7Digits(pieces, from: start)
            numbers.append(pieces[start..<end].joined(separator: " "))
            start = end
        }
        return numbers
    }

    private static func plausible(_ number: String, policy: PhonePolicy) -> Bool {
        guard (7...15).contains(digitCount(number)) else { return false }
        return PhoneCheck.check(number, policy: policy).valid != false
    }

    /// Where a number of at least 7 digits would end, for text that makes no acceptable number (the check
    /// then reports it whole).
    private static func shortestReaching7Digits(_ pieces: [String], from start: Int) -> Int {
        var digits = 0
        for end in start + 1...pieces.count {
            digits += digitCount(pieces[end - 1])
            if digits >= 7 { return end }
        }
        return pieces.count
    }

    private static func digitCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.numericType == .decimal ? 1 : 0) }
    }
}
