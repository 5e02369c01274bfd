/// A string-backed enum read from JSON, whose decoding errors say what was given and list the accepted values.
///
/// Conforming is all it takes: the default `init(from:)` replaces Swift's own, which would only say that it
/// "cannot initialize" the type. A refusal reads `"customers" is not an audience: use admin or customer`, and the
/// `DecodingError` carries an ``UnacceptedValue`` as its underlying error, so that a caller can show the accepted
/// values as data.
///
/// ```swift
/// enum Audience: String, CaseIterable, Codable, StringEnumeration {
///     case admin, customer
///     static let valueNoun = "an audience"
/// }
/// ```
public protocol StringEnumeration: RawRepresentable, CaseIterable, Decodable where RawValue == String {
    /// What one value is, with its article, for messages: "an audience", "an event".
    static var valueNoun: String { get }
}

/// The underlying error of a ``StringEnumeration``'s `DecodingError`: the values that would have been accepted.
public struct UnacceptedValue: Error, Sendable, Equatable {
    /// The accepted values, in declaration order.
    public let accepted: [String]

    public init(accepted: [String]) {
        self.accepted = accepted
    }
}

extension StringEnumeration {
    /// Every raw value, in declaration order.
    public static var acceptedValues: [String] { allCases.map(\.rawValue) }

    /// Why `given` was refused and what to give instead: `"customers" is not an audience: use admin or customer`.
    ///
    /// - Parameter given: the value as it should read in the message: a quoted string (see ``quoted(_:)``),
    ///   `null`, or a kind such as `a number`.
    public static func refusal(of given: String) -> String {
        let values = acceptedValues
        let choice =
            switch values.count {
            case 0: "nothing is accepted"
            case 1: "use \(values[0])"
            case 2: "use \(values[0]) or \(values[1])"
            default: "use one of \(values.joined(separator: ", "))"
            }
        return "\(given) is not \(valueNoun): \(choice)"
    }

    /// `text` as JSON string text for a message, cut short after 60 characters.
    public static func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return JSONValue.string(shown).description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let given: String
        if container.decodeNil() {
            given = "null"
        } else if let text = try? container.decode(String.self) {
            if let value = Self(rawValue: text) {
                self = value
                return
            }
            given = Self.quoted(text)
        } else {
            given = (try? container.decode(JSONValue.self))?.kindDescription ?? "a value of another kind"
        }
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: decoder.codingPath, debugDescription: Self.refusal(of: given),
                underlyingError: UnacceptedValue(accepted: Self.acceptedValues)))
    }
}
