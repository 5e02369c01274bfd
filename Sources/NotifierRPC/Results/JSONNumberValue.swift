import JSONRPC

/// Encodes a ``JSONNumber`` as that exact number, not as a rounded double.
struct JSONNumberValue: Encodable, Sendable {
    let number: JSONNumber

    init(_ number: JSONNumber) {
        self.number = number
    }

    func encode(to encoder: any Encoder) throws {
        try JSONValue.number(number).encode(to: encoder)
    }
}
