import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes newline-terminated messages to a file descriptor (stdout in stdio mode), one whole message at a
/// time, in the order sent.
///
/// The blocking writes happen on a thread of its own: a client that stops reading stdout holds that thread,
/// never one of Swift concurrency's, and a waiting sender can be cancelled.
public final class FileDescriptorOutbound: RPCOutbound {
    /// The peer stopped reading (EPIPE or another write error).
    struct Closed: Error {
        let errorNumber: Int32
    }

    /// One message waiting to be written, and the sender waiting for it.
    private final class Pending: Sendable {
        let bytes: [UInt8]
        private let waiter = Mutex<
            (continuation: CheckedContinuation<Void, any Error>?, result: Result<Void, any Error>?)
        >(
            (nil, nil))

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Waits for ``finish(_:)``; at once if it came first.
        func wait() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let early = waiter.withLock { state -> Result<Void, any Error>? in
                    if let result = state.result { return result }
                    state.continuation = continuation
                    return nil
                }
                if let early { continuation.resume(with: early) }
            }
        }

        /// Ends the wait with `result`; later calls do nothing.
        func finish(_ result: Result<Void, any Error>) {
            let continuation = waiter.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard state.result == nil else { return nil }
                state.result = result
                return state.continuation.take()
            }
            continuation?.resume(with: result)
        }
    }

    /// What the sending tasks and the writing thread share.
    private final class Shared: Sendable {
        struct Queue {
            var pending: [Pending] = []
            var closed: Closed?
            var stopping = false
            /// The writing thread is writing a message: the fast path must not overtake it.
            var writing = false
        }
        let queue = Mutex(Queue())
        let ready = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()
    private let descriptor: Int32

    /// Writes to `descriptor` from a thread of its own.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        let shared = shared
        Thread.detach { Self.writeLoop(descriptor: descriptor, shared: shared) }
    }

    deinit {
        shared.queue.withLock { $0.stopping = true }
        shared.ready.signal()
    }

    public func send(_ message: [UInt8]) async throws {
        var framed = message
        framed.append(0x0A)
        let pending = Pending(bytes: framed)
        let (closed, written) = shared.queue.withLock { queue -> (Closed?, Bool) in
            if let closed = queue.closed { return (closed, false) }
            // The fast path: nothing waits before it and the descriptor takes it whole at once (a pipe takes
            // up to PIPE_BUF bytes atomically once it polls writable): written here, with no thread hop.
            if queue.pending.isEmpty, !queue.writing, Self.writeAtOnce(framed, to: descriptor) { return (nil, true) }
            queue.pending.append(pending)
            return (nil, false)
        }
        if let closed { throw closed }
        if written { return }
        shared.ready.signal()
        try await withTaskCancellationHandler {
            try await pending.wait()
        } onCancel: {
            // The message may still be written later; the sender stops waiting for it.
            pending.finish(.failure(CancellationError()))
        }
    }

    /// The writing thread: takes messages in order and writes each whole.
    private static func writeLoop(descriptor: Int32, shared: Shared) {
        while true {
            shared.ready.wait()
            let (next, closed, stopping) = shared.queue.withLock { queue in
                let next = queue.pending.isEmpty ? nil : queue.pending.removeFirst()
                queue.writing = next != nil
                return (next, queue.closed, queue.stopping)
            }
            defer { shared.queue.withLock { $0.writing = false } }
            guard let next else {
                if stopping { return }
                continue
            }
            if let closed {
                next.finish(.failure(closed))
            } else if let failure = writeAll(next.bytes, to: descriptor) {
                shared.queue.withLock { $0.closed = failure }
                next.finish(.failure(failure))
            } else {
                next.finish(.success(()))
            }
        }
    }

    /// Writes `bytes` whole without blocking, when the descriptor surely takes them at once: at most PIPE_BUF
    /// bytes to a descriptor that polls writable. False when it did not try (the writing thread takes them).
    private static func writeAtOnce(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        guard bytes.count <= Int(PIPE_BUF) else { return false }
        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&ready, 1, 0) == 1, ready.revents & Int16(POLLOUT) != 0 else { return false }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written == bytes.count { return true }
        // A short write (not expected below PIPE_BUF): the rest goes through the thread, in order.
        guard written > 0 else { return false }
        return writeAll(Array(bytes[written...]), to: descriptor) == nil
    }

    /// Writes every byte, waiting on a non-blocking descriptor when it is full; the error when the peer is gone.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Closed? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written >= 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                return Closed(errorNumber: errno)
            }
        }
        return nil
    }
}
