/// Encodes `Encodable` values into a ``JSONValue``, keeping members in the order they are encoded.
///
/// Synthesized conformances encode properties in declaration order, so results read as their types do.
/// `nil` optionals encoded with `encodeIfPresent` (the synthesized default) are left out.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// Encodes `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try ValueEncoder.encodeTree(value, codingPath: []).resolved
    }
}

/// One node of the value being built. Containers are handed out before they are filled, so the tree is kept
/// by reference and turned into a ``JSONValue`` once encoding is over.
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(key: String, node: Node)])
        case array([Node])
    }

    var content = Content.empty

    var resolved: JSONValue {
        switch content {
        case .empty: .object(JSONObject())
        case .value(let value): value
        case .object(let members):
            .object(JSONObject(members.map { JSONObject.Member(key: $0.key, value: $0.node.resolved) }))
        case .array(let nodes): .array(nodes.map(\.resolved))
        }
    }

    func setMember(_ key: String, _ node: Node) {
        var members: [(key: String, node: Node)] = []
        if case .object(let existing) = content { members = existing }
        members.removeAll { $0.key == key }
        members.append((key, node))
        content = .object(members)
    }

    func appendElement(_ node: Node) {
        var nodes: [Node] = []
        if case .array(let existing) = content { nodes = existing }
        nodes.append(node)
        content = .array(nodes)
    }

    var elementCount: Int {
        if case .array(let nodes) = content { return nodes.count }
        return 0
    }

    static func leaf(_ value: JSONValue) -> Node {
        let node = Node()
        node.content = .value(value)
        return node
    }
}

private struct ValueEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encodeTree<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Node {
        if let raw = value as? JSONValue { return .leaf(raw) }
        let encoder = ValueEncoder(node: Node(), codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.setMember(key.stringValue, .leaf(.null)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setMember(key.stringValue, try ValueEncoder.encodeTree(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        node.setMember(key.stringValue, child)
        return ValueEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        node.setMember(key.stringValue, child)
        return ValueEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node, codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Node()
        node.setMember(key.stringValue, child)
        return ValueEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.elementCount }

    private var nextPath: [any CodingKey] { codingPath + [DynamicCodingKey(intValue: count)] }

    mutating func encodeNil() throws { node.appendElement(.leaf(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.appendElement(try ValueEncoder.encodeTree(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        let path = nextPath
        node.appendElement(child)
        return ValueEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Node()
        let path = nextPath
        node.appendElement(child)
        return ValueEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        let path = nextPath
        node.appendElement(child)
        return ValueEncoder(node: child, codingPath: path)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue) { node.content = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: Float) throws { set(.number(JSONNumber(Double(value)))) }
    mutating func encode(_ value: Int) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int8) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int16) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int32) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int64) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt8) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt16) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt32) throws { set(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt64) throws { set(.number(JSONNumber(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = try ValueEncoder.encodeTree(value, codingPath: codingPath)
        node.content = child.content
    }
}
