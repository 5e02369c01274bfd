import NIOCore
import Synchronization

/// The open TCP connections: counted against the limits, authenticated ones apart from the others, and
/// cancelled or closed all at once when the server stops.
///
/// Connections that have not authenticated (on a server that requires it) have a pool of their own, smaller
/// than the whole: when it is full, or when the whole is full, the oldest of them is closed to make room, so
/// that idle or hostile clients that never authenticate cannot keep an admin with the token out.
final class ConnectionRegistry: Sendable {
    /// What happens to a new connection.
    enum Admission {
        /// Served; `evicted` is an unauthenticated connection closed to make room for it.
        case admitted(evicted: (any Channel)?)
        /// Refused: every place is held by an authenticated connection.
        case refused
    }

    private struct Entry {
        let channel: any Channel
        let order: UInt64
        var authenticated: Bool
        var cancel: (@Sendable () -> Void)?
        /// Whether a line is in hand (read and not yet answered).
        var activity: ConnectionActivity?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var nextOrder: UInt64 = 0
        var cancelled = false
        var unauthenticatedCount: Int {
            entries.values.reduce(0) { $0 + ($1.authenticated ? 0 : 1) }
        }
    }

    private let limit: Int
    private let unauthenticatedLimit: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - limit: the most connections open at once.
    ///   - unauthenticatedLimit: the most of them that have not authenticated yet.
    init(limit: Int, unauthenticatedLimit: Int) {
        self.limit = limit
        self.unauthenticatedLimit = max(1, min(limit, unauthenticatedLimit))
    }

    /// Records a new connection, `authenticated` from the start when the server needs no token.
    func open(_ channel: any Channel, authenticated: Bool) -> Admission {
        state.withLock { state in
            var evicted: (any Channel)?
            let full = state.entries.count >= limit
            let poolFull = !authenticated && state.unauthenticatedCount >= unauthenticatedLimit
            if full || poolFull {
                let oldest = state.entries.values.filter { !$0.authenticated }.min { $0.order < $1.order }
                guard let oldest else { return .refused }
                state.entries.removeValue(forKey: ObjectIdentifier(oldest.channel))
                evicted = oldest.channel
            }
            state.entries[ObjectIdentifier(channel)] = Entry(
                channel: channel, order: state.nextOrder, authenticated: authenticated)
            state.nextOrder &+= 1
            return .admitted(evicted: evicted)
        }
    }

    /// Moves a connection to the authenticated pool.
    func markAuthenticated(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.authenticated = true }
    }

    /// Attaches the way to cancel the connection's work; at once if the server is stopping already.
    func attach(_ channel: any Channel, cancel: @escaping @Sendable () -> Void) {
        let cancelNow = state.withLock { state -> Bool in
            state.entries[ObjectIdentifier(channel)]?.cancel = cancel
            return state.cancelled
        }
        if cancelNow { cancel() }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// How many connections are open, and how many of them have not authenticated.
    var counts: (open: Int, unauthenticated: Int) {
        state.withLock { ($0.entries.count, $0.unauthenticatedCount) }
    }

    /// Cancels every connection's work: calls in hand end with an answer, then each connection closes.
    func cancelAll() {
        let cancels = state.withLock { state in
            state.cancelled = true
            return state.entries.values.compactMap(\.cancel)
        }
        for cancel in cancels { cancel() }
    }

    /// Records how to tell whether `channel` has a line in hand.
    func track(_ channel: any Channel, activity: ConnectionActivity?) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.activity = activity }
    }

    /// Closes the open connections that have no line in hand (`all`: every one); each one's loop then ends as if
    /// the client had left. Returns how many stay open.
    @discardableResult
    func close(all: Bool) -> Int {
        let (closing, staying) = state.withLock { state -> ([any Channel], Int) in
            let entries = Array(state.entries.values)
            let closing = entries.filter { all || !($0.activity?.isBusy ?? false) }.map(\.channel)
            return (closing, entries.count - closing.count)
        }
        for channel in closing { channel.close(promise: nil) }
        return staying
    }
}
