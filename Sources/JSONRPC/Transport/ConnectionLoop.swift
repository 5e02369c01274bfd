import ServiceLifecycle
import Synchronization

/// Serves one connection: answers each line in order and writes the answers back.
enum ConnectionLoop {
    /// Reads `events` until they end, answering each one before reading the next.
    ///
    /// Once the service begins to stop, lines still arriving (those already sent by the client) are answered
    /// with -32004 without being run; the call in hand finishes, or is cancelled by the dispatcher's
    /// ``ShutdownDrain`` when the grace runs out.
    ///
    /// - Parameters:
    ///   - refusesHTTP: end the session at a line that is an HTTP request line. A web page can make a browser
    ///     POST to a loopback port; without this, the JSON lines of its body would be executed.
    ///   - activity: told while a line is being answered (an idle connection is one that is not busy).
    /// - Throws: when writing to the peer fails (it went away).
    static func serve<Events: AsyncSequence>(
        _ events: Events,
        dispatcher: RPCDispatcher,
        session: RPCSession,
        outbound: any RPCOutbound,
        maximumLineBytes: Int,
        drain: ShutdownDrain,
        refusesHTTP: Bool = false,
        activity: ConnectionActivity? = nil
    ) async throws where Events.Element == LineFramer.Event {
        for try await event in events {
            defer { activity?.lineAnswered() }
            let answer: [UInt8]?
            switch event {
            case .line(let bytes):
                if refusesHTTP, HTTPRequestLine.matches(bytes) { return }
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    answer = dispatcher.refuseStopping(line: bytes)
                } else {
                    answer = await dispatcher.handle(line: bytes, session: session)
                }
            case .oversized(let byteCount, let head):
                if refusesHTTP, HTTPRequestLine.matches(head) { return }
                let error = RPCError.requestTooLarge(byteCount: byteCount, limit: maximumLineBytes)
                answer = JSONWriter.serialize(RPCMessages.failure(error, id: .null))
            }
            if let answer {
                do {
                    try await outbound.send(answer)
                } catch {
                    if Task.isShuttingDownGracefully || Task.isCancelled { drain.recordUnanswered() }
                    throw error
                }
            }
            if session.isClosing { return }
        }
    }
}

/// Recognizes the first line of an HTTP request (`POST / HTTP/1.1`) by its start: a method and a space.
///
/// No JSON text starts with an upper-case letter, so the start alone is enough, whatever the line's length
/// (a request line of any size, even one over the line limit, must not let the body's lines run).
enum HTTPRequestLine {
    private static let methods: [[UInt8]] = [
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE",
    ]
    .map { Array(($0 + " ").utf8) }

    static func matches(_ line: some Collection<UInt8>) -> Bool {
        guard let first = line.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return false }
        return methods.contains { line.starts(with: $0) }
    }
}

/// How many lines of a connection have been read and not yet answered: a connection is idle only while
/// there are none. The framing counts a line in when it reads it, the loop counts it out once answered.
final class ConnectionActivity: Sendable {
    private let pending = Atomic(0)
    private let read = Atomic(0)
    private let readAtLastCheck = Atomic(-1)

    func lineRead() {
        pending.wrappingAdd(1, ordering: .acquiringAndReleasing)
        read.wrappingAdd(1, ordering: .acquiringAndReleasing)
    }

    func lineAnswered() { pending.wrappingSubtract(1, ordering: .acquiringAndReleasing) }

    var isBusy: Bool { pending.load(ordering: .acquiring) > 0 }

    /// Whether no line is waiting or in hand, and none was read since the last call.
    func isQuietSinceLastCheck() -> Bool {
        let count = read.load(ordering: .acquiring)
        let previous = readAtLastCheck.exchange(count, ordering: .acquiringAndReleasing)
        return previous == count && !isBusy
    }
}
