/// A store as a caller names it in the `store` param: its id (`2`), or its hash (`"abc123"`).
enum StoreReference: Decodable, Sendable, Equatable {
    case id(Int64)
    case hash(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(Int64.self) {
            guard id >= 1 else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(id) is not a store id: ids start at 1")
            }
            self = .id(id)
        } else if let hash = try? container.decode(String.self) {
            guard (1...64).contains(hash.count), hash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "\"\(hash.prefix(80))\" is not a store hash: give the letters and digits after "
                        + "stores/, e.g. abc123")
            }
            self = .hash(hash.lowercased())
        } else {
            throw DecodingError.typeMismatch(
                Int64.self,
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a store: its id (a whole number, e.g. 2) or its hash (e.g. \"abc123\")")
            )
        }
    }
}
