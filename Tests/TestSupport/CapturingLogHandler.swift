import Logging
import Synchronization

/// A log handler keeping every message, to check what reaches the log.
public final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    // @unchecked: the messages live in a Mutex; the other properties are set once before use.
    public let messages = Mutex<[String]>([])
    /// Every message with its level.
    public let entries = Mutex<[(level: Logger.Level, message: String)]>([])
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        messages.withLock { $0.append("\(event.message)") }
        entries.withLock { $0.append((event.level, "\(event.message)")) }
    }
}
