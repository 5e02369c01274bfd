import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a file descriptor (stdin), read by blocking reads on a thread of their own.
///
/// Blocking reads work with every kind of stdin: pipes, terminals, regular files and `/dev/null` (an
/// inherited non-blocking descriptor is waited on with `poll`). The reader stays at most ``capacity`` reads
/// ahead of the consumer: with 64 KiB reads and lines of at most the line limit, memory stays bounded however
/// large the input is.
final class StdinEvents: AsyncSequence, Sendable {
    typealias Element = LineFramer.Event

    /// How many reads' worth of events may wait for the consumer.
    static let capacity = 4
    /// The size of one read.
    static let readSize = 64 * 1024

    private let stream: AsyncStream<[LineFramer.Event]>
    private let continuation: AsyncStream<[LineFramer.Event]>.Continuation
    private let permits = DispatchSemaphore(value: capacity)
    private let stopped = Atomic(false)

    /// Starts reading `descriptor` on a new thread.
    init(descriptor: Int32, maximumLineBytes: Int) {
        (stream, continuation) = AsyncStream.makeStream(of: [LineFramer.Event].self)
        let continuation = continuation
        let permits = permits
        Thread.detach {
            var framer = LineFramer(maximumLineBytes: maximumLineBytes)
            var buffer = [UInt8](repeating: 0, count: Self.readSize)
            func deliver(_ events: [LineFramer.Event]) {
                guard !events.isEmpty else { return }
                permits.wait()
                continuation.yield(events)
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    deliver(framer.push(buffer[0..<count]))
                } else if count < 0, errno == EINTR {
                    continue
                } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    // End of input, or an unreadable descriptor (a closed stdin): either way, no more lines.
                    deliver(framer.finish())
                    continuation.finish()
                    return
                }
            }
        }
    }

    /// Stops delivering lines: the one being answered finishes, the rest are not read.
    func stop() {
        stopped.store(true, ordering: .releasing)
        continuation.finish()
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), events: self)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<[LineFramer.Event]>.Iterator
        let events: StdinEvents
        var pending: [LineFramer.Event] = []
        var position = 0

        mutating func next() async -> LineFramer.Event? {
            guard !events.stopped.load(ordering: .acquiring) else { return nil }
            if position == pending.count {
                guard let chunk = await base.next() else { return nil }
                events.permits.signal()
                pending = chunk
                position = 0
                guard !events.stopped.load(ordering: .acquiring) else { return nil }
            }
            defer { position += 1 }
            return pending[position]
        }
    }
}

/// A minimal detached POSIX thread, so the transport does not need Foundation.
enum Thread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func detach(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                body.run()
                return nil
            }, context)
        precondition(result == 0, "pthread_create failed with \(result)")
        pthread_detach(thread)
    }
}
