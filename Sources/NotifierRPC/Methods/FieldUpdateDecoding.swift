import Notifier

extension KeyedDecodingContainer {
    /// A settings method's change of `key`: left out keeps the value, null clears it, a value sets it.
    func fieldUpdate<Value: Decodable & Sendable & Equatable>(
        _ key: Key, as type: Value.Type = String.self
    ) throws -> FieldUpdate<Value> {
        guard contains(key) else { return .keep }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(Value.self, forKey: key))
    }
}
