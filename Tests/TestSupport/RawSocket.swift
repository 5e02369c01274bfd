import Foundation
import Glibc
import JSONRPC

/// A plain TCP client socket, for sending exactly the bytes a test wants (byte by byte, half a request,
/// invalid UTF-8) and reading raw lines back.
///
/// Its blocking calls run on a queue of their own: blocking a thread of Swift's cooperative pool would
/// starve a server running in the same process.
public final class RawSocket: @unchecked Sendable {
    // @unchecked: `buffer` and `closed` are touched only on `queue` (and by deinit, when nothing else can).
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var closed = false
    private let queue = DispatchQueue(label: "raw-socket")

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    public init(port: Int, timeout: Int = 10) throws {
        descriptor = try LoopbackSocket.connect(port: port, readTimeoutSeconds: timeout)
    }

    /// Writes `bytes` as they are.
    public func write(_ bytes: [UInt8]) async throws {
        try await onQueue { try self.writeBlocking(bytes) }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func writeBlocking(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw ProcessFailure("send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// Reads the next line; nil when the server closed the connection.
    ///
    /// - Throws: when nothing arrives before the read timeout, so "the server closed" is never mistaken for
    ///   "the server said nothing".
    public func readLine() async throws -> String? {
        try await onQueue { try self.readLineBlocking() }
    }

    private func readLineBlocking() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                throw ProcessFailure("no answer before the read timeout")
            }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads the next line as JSON.
    public func readJSON() async throws -> JSONValue? {
        try await readLine().map { try JSONParser.parse(Array($0.utf8)) }
    }

    /// Reads until the server closes the connection, returning everything; the timeout still applies.
    public func readToEnd() async throws -> [UInt8] {
        try await onQueue {
            var all = self.buffer
            self.buffer = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
                if count < 0 { throw ProcessFailure("no end of stream before the read timeout (errno \(errno))") }
                if count == 0 { return all }
                all.append(contentsOf: chunk[0..<count])
            }
        }
    }

    /// Stops sending (the server sees end of input) but keeps reading.
    public func shutdownWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes the socket at once. Only once: a second close could hit a descriptor number the process has
    /// since given to another socket.
    public func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            Glibc.close(descriptor)
        }
    }

    deinit {
        if !closed { Glibc.close(descriptor) }
    }
}

/// A blocking TCP connection to 127.0.0.1, for the tests' raw clients.
public enum LoopbackSocket {
    /// Connects to 127.0.0.1:`port` and returns the descriptor; reads time out after `readTimeoutSeconds`.
    public static func connect(port: Int, readTimeoutSeconds: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw ProcessFailure("connect to port \(port) failed: errno \(errno)")
        }
        var limit = timeval(tv_sec: readTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }
}
