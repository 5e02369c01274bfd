/// A JSON object that keeps its members in the order they were written or added.
///
/// Lookups are linear, which is faster than hashing for the handful of members JSON-RPC objects have.
/// When a key repeats, the last member wins, as in most JSON parsers.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The number of members.
    public var count: Int { members.count }

    /// The member keys, in order, without repeats.
    public var keys: [String] {
        var seen = Set<String>()
        return members.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }

    /// The value of the last member named `key`; setting replaces it or appends a new member.
    public subscript(key: String) -> JSONValue? {
        get { members.last(where: { $0.key == key })?.value }
        set {
            if let index = members.lastIndex(where: { $0.key == key }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.removeAll { $0.key == key }
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Whether a member named `key` is present (even with a null value).
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }
}
