import Foundation
import Logging
import TestSupport
import Testing

/// Requests that are not well-formed HTTP/1.1, sent byte by byte over a real socket: the client's fault, so a
/// 400 that closes the connection, and nothing at error level in the log.
@Suite struct MalformedFramingTests {
    static let badBodies: [(name: String, headers: String, body: String)] = [
        ("chunk size zz", "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"),
        ("chunk size -1", "Transfer-Encoding: chunked\r\n", "-1\r\n{}\r\n0\r\n\r\n"),
        ("chunk size 2^72", "Transfer-Encoding: chunked\r\n", "1000000000000000000\r\n{}\r\n0\r\n\r\n"),
        ("transfer coding xchunked", "Transfer-Encoding: xchunked\r\n", "2\r\n{}\r\n0\r\n\r\n"),
    ]

    @Test(arguments: ["/webhooks/bigcommerce", "/rpc", "/console/session"])
    func malformedFramingIsAnsweredFourHundredAndNotLoggedAsAnError(_ path: String) async throws {
        let log = CapturingLogHandler()
        try await HTTPFrontHarness.with(log: log) { front in
            for (name, headers, body) in Self.badBodies {
                let socket = try RawSocket(port: front.port)
                defer { socket.close() }
                try await socket.write(
                    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(front.port)\r\nContent-Type: application/json\r\n"
                        + headers + "\r\n" + body)
                let answer = String(decoding: try await socket.readToEnd(), as: UTF8.self)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(name) on \(path): \(answer.prefix(200))")
                let statusLines = answer.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/1.1 ") }
                #expect(statusLines.count == 1, "one answer: \(answer.debugDescription)")
            }
            // A well-formed chunked body is still read.
            let socket = try RawSocket(port: front.port)
            defer { socket.close() }
            try await socket.write(
                "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:\(front.port)\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "2F\r\n{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}\r\n0\r\n\r\n")
            let answer = String(decoding: try await socket.readToEnd(), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("\"result\""), "\(answer)")
        }
        let errors = log.entries.withLock { $0.filter { $0.level >= .error }.map(\.message) }
        #expect(errors.isEmpty, "\(errors)")
    }
}
