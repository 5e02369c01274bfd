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
///
/// ``stop()`` ends the sequence without losing what the client sent before it: the lines already read, and
/// the complete lines waiting in the pipe at that moment (up to ``drainLimit`` bytes), are still delivered,
/// so that each can be answered; then the sequence ends, even though stdin stays open.
public final class StdinEvents: AsyncSequence, Sendable {
    public typealias Element = LineFramer.Event

    /// How many reads' worth of events may wait for the consumer.
    static let capacity = 4
    /// The size of one read.
    static let readSize = 64 * 1024
    /// The most bytes read from the pipe after ``stop()``.
    static let drainLimit = 4 << 20

    private let stream: AsyncStream<[LineFramer.Event]>
    private let continuation: AsyncStream<[LineFramer.Event]>.Continuation
    private let permits = DispatchSemaphore(value: capacity)
    /// Written to by ``stop()`` to wake the reader from `poll`.
    private let wake: (read: Int32, write: Int32)
    private let stopped = Atomic(false)

    /// Starts reading `descriptor` on a new thread.
    public init(descriptor: Int32, maximumLineBytes: Int) {
        (stream, continuation) = AsyncStream.makeStream(of: [LineFramer.Event].self)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        } else {
            ends = [-1, -1]
        }
        wake = (ends[0], ends[1])
        let reader = Reader(
            descriptor: descriptor, wake: ends[0], framer: LineFramer(maximumLineBytes: maximumLineBytes),
            continuation: continuation, permits: permits)
        Thread.detach { reader.run() }
    }

    /// Stops reading: what the client had sent so far is still delivered, then the sequence ends.
    public func stop() {
        let (first, _) = stopped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard first else { return }
        if wake.write >= 0 {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        } else {
            continuation.finish()
        }
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), events: self)
    }

    /// Reads the events in order.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<[LineFramer.Event]>.Iterator
        let events: StdinEvents
        var pending: [LineFramer.Event] = []
        var position = 0

        public mutating func next() async -> LineFramer.Event? {
            if position == pending.count {
                guard let chunk = await base.next() else { return nil }
                events.permits.signal()
                pending = chunk
                position = 0
            }
            defer { position += 1 }
            return pending[position]
        }
    }

    /// The reading thread's state and loop.
    private struct Reader: Sendable {
        let descriptor: Int32
        let wake: Int32
        var framer: LineFramer
        let continuation: AsyncStream<[LineFramer.Event]>.Continuation
        let permits: DispatchSemaphore

        func deliver(_ events: [LineFramer.Event]) {
            guard !events.isEmpty else { return }
            permits.wait()
            continuation.yield(events)
        }

        /// Reads until the end of input, or until woken by `stop()`.
        func run() {
            var reader = self
            reader.loop()
        }

        private mutating func loop() {
            var buffer = [UInt8](repeating: 0, count: StdinEvents.readSize)
            while true {
                switch waitForInput() {
                case .woken:
                    drain(&buffer)
                    continuation.finish()
                    return
                case .readable:
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count > 0 {
                        deliver(framer.push(buffer[0..<count]))
                    } else if count < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK {
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

        private enum Readiness { case readable, woken }

        private func waitForInput() -> Readiness {
            var descriptors = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                let ready = poll(&descriptors, wake >= 0 ? 2 : 1, -1)
                if ready < 0 && errno == EINTR { continue }
                if wake >= 0, descriptors[1].revents != 0 { return .woken }
                return .readable
            }
        }

        /// After `stop()`: delivers the complete lines already waiting, without waiting for more.
        private mutating func drain(_ buffer: inout [UInt8]) {
            var total = 0
            while total < StdinEvents.drainLimit {
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 0) > 0 else { return }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else {
                    if count == 0 { deliver(framer.finish()) }
                    return
                }
                total += count
                deliver(framer.push(buffer[0..<count]))
            }
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
