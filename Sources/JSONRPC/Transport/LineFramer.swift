/// Splits a byte stream into newline-delimited messages, with a length limit.
///
/// A trailing `\r` is dropped (so `\r\n` works), blank and white-space-only lines are skipped, and a last
/// line without a newline is delivered by ``finish()``. A line longer than the limit is not kept in memory:
/// its bytes are counted and dropped, and it comes out as ``Event/oversized(byteCount:)`` once it ends.
public struct LineFramer: Sendable {
    /// What the framer found in the stream.
    public enum Event: Sendable, Equatable {
        /// One complete message, without its line ending.
        case line([UInt8])
        /// A line of `byteCount` bytes that was longer than the limit and was dropped; `head` keeps its first
        /// ``LineFramer/headBytes`` bytes, enough to tell what kind of line it was.
        case oversized(byteCount: Int, head: [UInt8])
    }

    /// How many leading bytes of an oversized line are kept in its event.
    public static let headBytes = 16

    /// The default limit: 1 MiB.
    public static let defaultMaximumLineBytes = 1 << 20

    /// The longest line accepted, in bytes, line ending excluded.
    public let maximumLineBytes: Int
    private var pending: [UInt8] = []
    private var droppedBytes: Int?
    private var droppedHead: [UInt8] = []

    /// - Parameter maximumLineBytes: the limit, kept within 1 byte and `Int.max - 1` (one byte of slack is
    ///   added for a `\r`).
    public init(maximumLineBytes: Int = defaultMaximumLineBytes) {
        self.maximumLineBytes = min(max(1, maximumLineBytes), Int.max - 1)
    }

    /// Feeds `bytes` and returns the events they complete.
    public mutating func push(_ bytes: some Collection<UInt8>) -> [Event] {
        var events: [Event] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            appendCapped(bytes[start..<newline])
            if let event = endLine() { events.append(event) }
            start = bytes.index(after: newline)
        }
        appendCapped(bytes[start...])
        return events
    }

    /// Ends the stream: returns the last line if it had no newline.
    public mutating func finish() -> [Event] {
        endLine().map { [$0] } ?? []
    }

    private mutating func appendCapped(_ bytes: some Collection<UInt8>) {
        if let dropped = droppedBytes {
            let (sum, overflow) = dropped.addingReportingOverflow(bytes.count)
            droppedBytes = overflow ? Int.max : sum
        } else if pending.count + bytes.count > maximumLineBytes + 1 {
            // One byte of slack leaves room for a `\r` before the newline.
            droppedBytes = pending.count + bytes.count
            droppedHead = Array((pending.prefix(Self.headBytes) + bytes.prefix(Self.headBytes)).prefix(Self.headBytes))
            pending = []
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    private mutating func endLine() -> Event? {
        defer {
            pending.removeAll(keepingCapacity: pending.count <= 64 * 1024)
            droppedBytes = nil
            droppedHead = []
        }
        if let dropped = droppedBytes { return .oversized(byteCount: dropped, head: droppedHead) }
        if pending.last == 0x0D { pending.removeLast() }
        if pending.count > maximumLineBytes {
            return .oversized(byteCount: pending.count, head: Array(pending.prefix(Self.headBytes)))
        }
        guard pending.contains(where: { !Self.isWhitespace($0) }) else { return nil }
        return .line(pending)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
