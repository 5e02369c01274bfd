import Synchronization

/// A change of an SMS row's state, for those who follow it (a client that asked to be told).
public struct MessageUpdate: Sendable, Equatable {
    public let id: Int64
    public let eventRef: Int64?
    public let broadcastID: Int64?
    public let state: MessageState
    /// The gateway's words, or ours.
    public let response: String?
    public let recipient: String
}

/// Hands every row's change of state to whoever subscribed, as it happens.
public final class MessageUpdates: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<MessageUpdate>.Continuation]>([:])
    private let nextID = Atomic(0)

    public init() {}

    /// Every update from now on, until the stream is dropped or its task cancelled.
    public func subscribe() -> AsyncStream<MessageUpdate> {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(
            of: MessageUpdate.self, bufferingPolicy: .bufferingNewest(10_000))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ update: MessageUpdate) {
        for continuation in subscribers.withLock({ Array($0.values) }) {
            continuation.yield(update)
        }
    }
}
