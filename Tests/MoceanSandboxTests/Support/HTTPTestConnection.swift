import Foundation
import Glibc
import TestSupport

/// A plain HTTP/1.1 client connection over a real loopback socket: one request at a time, each answer read
/// by its `Content-Length`, so several requests can share the connection.
///
/// Its blocking calls run on a queue of their own, never on a thread of Swift's cooperative pool, which the
/// sandbox in the same process needs.
final class HTTPTestConnection: Sendable {
    /// One answer.
    struct Response: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as JSON.
        func json() throws -> TestJSON { try TestJSON.parse(body) }
    }

    private let descriptor: Int32
    private let queue = DispatchQueue(label: "http-test-connection")

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    init(port: Int, timeout: Int = 10) throws {
        descriptor = try LoopbackSocket.connect(port: port, readTimeoutSeconds: timeout)
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Sends one request and reads its answer; nil when the server closed the connection without answering.
    func send(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Response? {
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        let bytes = Array(request.utf8)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.exchange(bytes) })
            }
        }
    }

    private func exchange(_ request: [UInt8]) throws -> Response? {
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return nil }
            offset += written
        }
        var buffer: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        var lines: [String] = []
        var status = 0
        var headEnd = 0
        // Interim answers (100 Continue) come before the real one.
        repeat {
            if !lines.isEmpty { buffer.removeFirst(headEnd + separator.count) }
            var found = buffer.firstRange(of: separator)?.lowerBound
            while found == nil {
                guard try receive(into: &buffer) else { return nil }
                found = buffer.firstRange(of: separator)?.lowerBound
            }
            headEnd = found!
            lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
            let statusParts = lines[0].split(separator: " ")
            guard statusParts.count >= 2, let parsed = Int(statusParts[1]) else {
                throw ProcessFailure("not an HTTP status line: \(lines[0])")
            }
            status = parsed
        } while (100..<200).contains(status)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headEnd + separator.count
        while buffer.count < bodyStart + length {
            guard try receive(into: &buffer) else { throw ProcessFailure("the answer's body was cut short") }
        }
        return Response(status: status, headers: headers, body: Array(buffer[bodyStart..<(bodyStart + length)]))
    }

    /// Waits until the server closes the connection, sending nothing; true when it did before the read
    /// timeout, false when data came instead.
    func waitForClose() async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        var buffer: [UInt8] = []
                        return try !self.receive(into: &buffer)
                    })
            }
        }
    }

    /// Appends what arrives; false when the server closed the connection.
    private func receive(into buffer: inout [UInt8]) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
            throw ProcessFailure("no answer before the read timeout")
        }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }
}
