/// A JSON number kept as the literal text it was written with.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's text, valid per RFC 8259 (`-12`, `1.5`, `3e10`, `123456789012345678901234567890`).
    public let literal: String

    /// Wraps a literal the parser has already checked.
    init(unchecked literal: String) {
        self.literal = literal
    }

    /// A number from its JSON text, kept exactly (`"6.4448"`, `"100.0000"`); nil when it is not a JSON number.
    public init?(exactly literal: String) {
        guard case .number(let number)? = try? JSONParser.parse(Array(literal.utf8)) else { return nil }
        self = number
    }

    /// A number from an integer.
    public init<T: BinaryInteger>(_ value: T) {
        literal = String(value)
    }

    /// A number from a double; non-finite values, which JSON cannot carry, become `0`.
    public init(_ value: Double) {
        guard value.isFinite else {
            literal = "0"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            literal = String(Int64(value))
        } else {
            literal = "\(value)"
        }
    }

    public var description: String { literal }

    /// The value as an integer of type `T`, when it is integral and fits.
    ///
    /// `5`, `5.0` and `5e0` all give 5; `5.5` and out-of-range values give nil.
    public func integer<T: FixedWidthInteger>(as type: T.Type = T.self) -> T? {
        if let exact = T(literal) { return exact }
        guard let double = Double(literal), double == double.rounded(),
            double >= Double(T.min), double < Double(T.max)
        else { return nil }
        // Beyond 2^53 a double is not exact: refuse rather than round.
        guard abs(double) <= 9_007_199_254_740_992 else { return nil }
        return T(double)
    }

    /// The value as a double (possibly rounded).
    public var double: Double? { Double(literal) }
}
