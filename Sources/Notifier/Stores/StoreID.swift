/// Which store a row, a setting or a caller belongs to: the id of its row in `stores`.
public struct StoreID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The first store: the one a database held before it held many, and the one a self-hosted service
    /// serves.
    public static let first = StoreID(rawValue: 1)

    public static func < (left: StoreID, right: StoreID) -> Bool { left.rawValue < right.rawValue }

    public var description: String { "store \(rawValue)" }
}
