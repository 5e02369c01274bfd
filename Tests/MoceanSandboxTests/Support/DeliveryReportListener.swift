import Foundation
import Glibc
import TestSupport

/// A one-request-at-a-time HTTP server on a real loopback socket, standing in for the store's delivery report
/// endpoint: it hands each request it receives to the test and answers 200.
///
/// Its blocking calls run on a queue of their own, never on a thread of Swift's cooperative pool.
final class DeliveryReportListener: Sendable {
    /// One request received.
    struct Request: Sendable {
        var method: String
        /// The path with its query.
        var target: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: String

        /// The body's form fields, decoded.
        var form: [String: String] { decodeForm(body) }
    }

    let port: Int
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "delivery-report-listener")

    /// Listens on 127.0.0.1 on a free port; waiting for a request times out after `timeout` seconds.
    init(timeout: Int = 10) throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listening, pointer, length) == 0 && listen(listening, 16) == 0
                    && getsockname(listening, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(listening)
            throw ProcessFailure("cannot listen on loopback: errno \(errno)")
        }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(listening, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        descriptor = listening
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Waits for the next request, answers it with `status`, and returns it.
    func nextRequest(answering status: Int = 200) async throws -> Request {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.acceptOne(answering: status) })
            }
        }
    }

    private func acceptOne(answering status: Int) throws -> Request {
        let connection = accept(descriptor, nil, nil)
        guard connection >= 0 else { throw ProcessFailure("no delivery report arrived (errno \(errno))") }
        defer { Glibc.close(connection) }
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        func receive() throws {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw ProcessFailure("the request was cut short") }
            buffer.append(contentsOf: chunk[0..<count])
        }
        while buffer.firstRange(of: separator) == nil { try receive() }
        let headEnd = buffer.firstRange(of: separator)!.lowerBound
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ").map(String.init)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < headEnd + 4 + length { try receive() }
        let answer = Array("HTTP/1.1 \(status) OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = answer.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return Request(
            method: requestLine.first ?? "", target: requestLine.count > 1 ? requestLine[1] : "", headers: headers,
            body: String(decoding: buffer[(headEnd + 4)..<(headEnd + 4 + length)], as: UTF8.self))
    }
}

/// Decodes an `application/x-www-form-urlencoded` body: `+` is a space, `%XX` a byte.
func decodeForm(_ body: String) -> [String: String] {
    var fields: [String: String] = [:]
    for piece in body.split(separator: "&") {
        let parts = piece.split(separator: "=", maxSplits: 1).map {
            $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
        }
        fields[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return fields
}

/// Encodes fields as a form body, escaping everything but unreserved characters.
func encodeForm(_ fields: [(String, String)]) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }
    return fields.map { escape($0) + "=" + escape($1) }.joined(separator: "&")
}
