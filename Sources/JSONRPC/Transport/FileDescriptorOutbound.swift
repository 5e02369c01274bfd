#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes newline-terminated messages to a file descriptor (stdout in stdio mode), one message at a time.
///
/// An actor, so that responses and the server's own notifications never interleave mid-line.
actor FileDescriptorOutbound: RPCOutbound {
    /// The peer stopped reading (EPIPE or another write error).
    struct Closed: Error {
        let errorNumber: Int32
    }

    private let descriptor: Int32
    private var closedError: Closed?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func send(_ message: [UInt8]) throws {
        if let closedError { throw closedError }
        var framed = message
        framed.append(0x0A)
        var offset = 0
        while offset < framed.count {
            let written = framed.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written >= 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                // An inherited non-blocking descriptor: wait until it takes more.
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                let failure = Closed(errorNumber: errno)
                closedError = failure
                throw failure
            }
        }
    }
}
