import Foundation
import PostgresNIO

/// Decodes a `Decodable` record from a row by its coding keys' names, which are the columns' names: the
/// domain's records (messages, events) are read from PostgreSQL as they are from SQLite, without a hand-written
/// list of columns to keep in step.
public enum PostgresRowDecoder {
    /// `Record` from `row`.
    public static func decode<Record: Decodable>(_ type: Record.Type, from row: PostgresRow) throws -> Record {
        try Record(from: RowDecoder(row: PostgresRandomAccessRow(row)))
    }
}

private struct RowDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "a row decodes as a keyed record only"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            Any.self, .init(codingPath: codingPath, debugDescription: "a row decodes as a keyed record only"))
    }
}

private struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard row.contains(key.stringValue) else { return true }
        return row[key.stringValue].bytes == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard row.contains(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "no such column"))
        }
        let cell = row[key.stringValue]
        if let decodable = T.self as? any PostgresDecodable.Type {
            return try Self.decode(decodable, cell) as! T
        }
        return try T(from: CellDecoder(cell: cell, key: key))
    }

    private static func decode<V: PostgresDecodable>(_ type: V.Type, _ cell: PostgresCell) throws -> V {
        try cell.decode(V.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.typeMismatch(
            type, .init(codingPath: [key], debugDescription: "a column holds a single value"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: [key], debugDescription: "a column holds a single value"))
    }

    func superDecoder() throws -> any Decoder { throw Self.noSuper }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw Self.noSuper }

    private static var noSuper: DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "a row has no super record"))
    }
}

/// One column's value, for the types that decode themselves from a single value (enums with raw values).
private struct CellDecoder: Decoder, SingleValueDecodingContainer {
    let cell: PostgresCell
    let key: any CodingKey
    var codingPath: [any CodingKey] { [key] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "a single value"))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "a single value"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { cell.bytes == nil }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let decodable = T.self as? any PostgresDecodable.Type {
            return try Self.decode(decodable, cell) as! T
        }
        throw DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "no PostgreSQL decoding for \(type)"))
    }

    private static func decode<V: PostgresDecodable>(_ type: V.Type, _ cell: PostgresCell) throws -> V {
        try cell.decode(V.self)
    }
}
