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
final class FileDescriptorOutbound: RPCOutbound {
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
        }
        let queue = Mutex(Queue())
        let ready = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    init(descriptor: Int32) {
        let shared = shared
        Thread.detach { Self.writeLoop(descriptor: descriptor, shared: shared) }
    }

    deinit {
        shared.queue.withLock { $0.stopping = true }
        shared.ready.signal()
    }

    func send(_ message: [UInt8]) async throws {
        var framed = message
        framed.append(0x0A)
        let pending = Pending(bytes: framed)
        let closed = shared.queue.withLock { queue -> Closed? in
            if queue.closed == nil { queue.pending.append(pending) }
            return queue.closed
        }
        if let closed { throw closed }
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
                (queue.pending.isEmpty ? nil : queue.pending.removeFirst(), queue.closed, queue.stopping)
            }
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
