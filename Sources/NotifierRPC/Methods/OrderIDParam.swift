import JSONRPC

/// An order id as a client gives it: a whole number, as the store's webhooks and the store stand-in write it
/// (`{"orderId": 102}`), or the same digits as text (`"102"`), the history's own form.
struct OrderIDParam: Decodable, Sendable, Equatable {
    /// The id as the history stores it (decimal text).
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            guard number >= 0 else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(number) is not an order id: give a whole number of 0 or more")
            }
            text = String(number)
        } else if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected an order id: a whole number such as 102, or the same as text (\"102\")"
                ))
        }
    }
}
