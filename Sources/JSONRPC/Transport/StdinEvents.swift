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
/// Blocking reads work with every kind of stdin: pipes, terminals, regular files and `/dev/null`. The reader
/// stays at most ``capacity`` events ahead of the consumer, so a huge input file does not fill memory.
final class StdinEvents: AsyncSequence, Sendable {
    typealias Element = LineFramer.Event

    /// How many events may wait for the consumer.
    static let capacity = 1024

    private let stream: AsyncStream<LineFramer.Event>
    private let continuation: AsyncStream<LineFramer.Event>.Continuation
    private let permits = DispatchSemaphore(value: capacity)
    private let stopped = Atomic(false)

    /// Starts reading `descriptor` on a new thread.
    init(descriptor: Int32, maximumLineBytes: Int) {
        (stream, continuation) = AsyncStream.makeStream(of: LineFramer.Event.self)
        let continuation = continuation
        let permits = permits
        Thread.detach {
            var framer = LineFramer(maximumLineBytes: maximumLineBytes)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            func deliver(_ events: [LineFramer.Event]) {
                for event in events {
                    permits.wait()
                    continuation.yield(event)
                }
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    deliver(framer.push(buffer[0..<count]))
                } else if count < 0, errno == EINTR {
                    continue
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
        var base: AsyncStream<LineFramer.Event>.Iterator
        let events: StdinEvents

        mutating func next() async -> LineFramer.Event? {
            guard !events.stopped.load(ordering: .acquiring) else { return nil }
            let event = await base.next()
            if event != nil { events.permits.signal() }
            return events.stopped.load(ordering: .acquiring) ? nil : event
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
