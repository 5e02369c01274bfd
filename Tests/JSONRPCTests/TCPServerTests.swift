import JSONRPC
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The TCP transport in process, on a real loopback socket.
@Suite(.timeLimit(.minutes(1))) struct TCPServerTests {
    private func withServer(
        maximumLineBytes: Int = 4096,
        maximumConnections: Int = 1024,
        _ body: @Sendable (_ port: Int, _ group: ServiceGroup) async throws -> Void
    ) async throws {
        try await TCPServerHarness.run(
            configure: {
                $0.maximumLineBytes = maximumLineBytes
                $0.maximumConnections = maximumConnections
            }, body)
    }

    @Test func servesManyConnectionsAtOnceEachInOrder() async throws {
        try await withServer { port, _ in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for connection in 0..<20 {
                    tasks.addTask {
                        // All 25 requests go out before any answer is read: the answers must still come back
                        // in the order sent, each with its own value.
                        let socket = try RawSocket(port: port)
                        let requests = (0..<25).map { value in
                            #"{"jsonrpc":"2.0","method":"subtract","params":[\#(connection * 100 + value),0],"id":\#(value)}"#
                        }
                        try await socket.write(requests.joined(separator: "\n") + "\n")
                        for value in 0..<25 {
                            let answer = try await socket.readJSON()
                            #expect(answer?["id"] == .number(JSONNumber(value)))
                            #expect(answer?["result"] == .number(JSONNumber(connection * 100 + value)))
                        }
                    }
                }
                try await tasks.waitForAll()
            }
        }
    }

    @Test func gracefulShutdownAnswersTheRequestInFlight() async throws {
        let (started, gate) = AsyncStream.makeStream(of: Void.self)
        try await TCPServerHarness.run(extra: [TestMethods.Gate(started: gate)]) { port, group in
            let socket = try RawSocket(port: port)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.gate","params":{"milliseconds":400},"id":1}"# + "\n")
            var arrivals = started.makeAsyncIterator()
            await arrivals.next()
            await group.triggerGracefulShutdown()
            let answer = try await socket.readJSON()
            #expect(answer?["result"] == "slept")
            #expect(try await socket.readLine() == nil, "the connection closes once the request in flight is answered")
        }
    }

    @Test func anOversizedLineGetsAnErrorAndTheConnectionGoesOn() async throws {
        try await withServer(maximumLineBytes: 1024) { port, _ in
            let socket = try RawSocket(port: port)
            try await socket.write(String(repeating: "x", count: 50_000) + "\n")
            let error = try await socket.readJSON()
            #expect(error?["error"]?["code"] == -32003)
            #expect(error?["error"]?["data"]?["limit"] == 1024)
            #expect(error?["id"] == .null)
            try await socket.write(#"{"jsonrpc":"2.0","method":"get_data","id":2}"# + "\n")
            #expect(try await socket.readJSON()?["result"] == ["hello", 5])
        }
    }

    @Test func assemblesARequestSentByteByByte() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            for byte in Array((#"{"jsonrpc":"2.0","method":"get_data","id":"slow"}"# + "\r\n").utf8) {
                try await socket.write([byte])
            }
            #expect(try await socket.readJSON()?["id"] == "slow")
        }
    }

    @Test func survivesClientsThatHangUpMidRequestAndHostileInput() async throws {
        try await withServer(maximumLineBytes: 65536) { port, _ in
            for _ in 0..<10 {
                let quitter = try RawSocket(port: port)
                try await quitter.write(
                    #"{"jsonrpc":"2.0","method":"test.slow","params":{"milliseconds":50},"id":1}"# + "\n"
                        + #"{"jsonrpc":"2.0","me"#)
                quitter.close()
            }
            let socket = try RawSocket(port: port)
            try await socket.write(String(repeating: "[", count: 4000) + String(repeating: "]", count: 4000) + "\n")
            #expect(try await socket.readJSON()?["error"]?["code"] == -32700)
            try await socket.write([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D, 0x0A])
            #expect(try await socket.readJSON()?["error"]?["code"] == -32700)
            try await socket.write(#"{"jsonrpc":"2.0","method":"get_data","id":3}"# + "\n")
            #expect(try await socket.readJSON()?["result"] == ["hello", 5])
        }
    }

    @Test func answersALastLineWithoutNewlineWhenTheClientStopsSending() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"get_data","id":1}"# + "\n"
                    + #"{"jsonrpc":"2.0","method":"get_data","id":2}"#)
            socket.shutdownWrite()
            #expect(try await socket.readJSON()?["id"] == 1)
            #expect(try await socket.readJSON()?["id"] == 2)
            #expect(try await socket.readLine() == nil)
        }
    }

    @Test func deliversServerNotificationsOnTheConnection() async throws {
        try await withServer { port, _ in
            try await RPCClient.withConnection(host: "127.0.0.1", port: port) { client in
                let result = try await client.call("test.progress", params: ["count": 2])
                #expect(result == "finished")
                #expect(client.notifications.map { $0["params"]?["done"] } == [1, 2])
            }
        }
    }

    @Test func aLargeAnswerReachesASlowClientThatHalfClosesAtOnce() async throws {
        try await withServer { port, _ in
            // Building 30 MB in a debug build on a busy machine can take longer than one read's usual 10 s.
            let socket = try RawSocket(port: port, timeout: 60)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.large","params":{"bytes":30000000},"id":1}"# + "\n")
            socket.shutdownWrite()
            // Reading late leaves most of the answer waiting in the server when its connection loop ends.
            try await Task.sleep(for: .milliseconds(500))
            let received = try await socket.readToEnd()
            #expect(received.count == 30_000_000 + #"{"jsonrpc":"2.0","result":"","id":1}"#.utf8.count + 1)
            #expect(received.last == 0x0A)
        }
    }

    @Test func aClientThatNeverReadsCannotHoldUpShutdown() async throws {
        // Timed from the shutdown, not from the start: building the answers the system buffers for the client
        // (tens of megabytes) takes a loaded machine a while, and is not what is tested.
        let shutdownStarted = Mutex<ContinuousClock.Instant?>(nil)
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            let request = #"{"jsonrpc":"2.0","method":"test.large","params":{"bytes":1000000},"id":1}"# + "\n"
            try await socket.write(String(repeating: request, count: 40))
            try await Task.sleep(for: .milliseconds(300))
            shutdownStarted.withLock { $0 = .now }
        }
        let took = ContinuousClock.now - (shutdownStarted.withLock { $0 } ?? .now)
        #expect(took < .seconds(15), "shutdown finished despite the unread answers, in \(took)")
    }

    @Test func closesAConnectionThatSpeaksHTTP() async throws {
        try await withServer { port, _ in
            let socket = try RawSocket(port: port)
            let body = #"{"jsonrpc":"2.0","method":"get_data","id":1}"#
            try await socket.write(
                "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n\r\n\(body)\n")
            #expect(try await socket.readLine() == nil, "nothing is answered, the body is not executed")
        }
    }

    @Test func closesAConnectionWhoseHTTPRequestLineIsLong() async throws {
        try await withServer { port, _ in
            // 8,192 bytes and more: still a request line, whatever its length.
            let socket = try RawSocket(port: port)
            let body = #"{"jsonrpc":"2.0","method":"get_data","id":1}"#
            try await socket.write(
                "POST /\(String(repeating: "a", count: 8180)) HTTP/1.1\r\nHost: x\r\n\r\n\(body)\n")
            #expect(try await socket.readLine() == nil, "nothing is answered, the body is not executed")
        }
    }

    @Test func closesAConnectionWhoseHTTPRequestLineIsOverTheLimit() async throws {
        try await withServer(maximumLineBytes: 1024) { port, _ in
            let socket = try RawSocket(port: port)
            let body = #"{"jsonrpc":"2.0","method":"get_data","id":1}"#
            try await socket.write(
                "GET /\(String(repeating: "a", count: 5000)) HTTP/1.1\r\nHost: x\r\n\r\n\(body)\n")
            #expect(try await socket.readLine() == nil, "no -32003 for the request line, no answer for the body")
        }
    }

    @Test func closesConnectionsBeyondTheLimit() async throws {
        try await withServer(maximumConnections: 2) { port, _ in
            let first = try RawSocket(port: port)
            let second = try RawSocket(port: port)
            for socket in [first, second] {
                try await socket.write(#"{"jsonrpc":"2.0","method":"get_data","id":1}"# + "\n")
                #expect(try await socket.readJSON()?["id"] == 1)
            }
            let third = try RawSocket(port: port)
            #expect(try await third.readLine() == nil)
            first.close()
            // The server frees the place once it has seen the close: try until it has (at most 10 s).
            var answered: JSONValue?
            for _ in 0..<50 where answered == nil {
                try await Task.sleep(for: .milliseconds(200))
                let fourth = try RawSocket(port: port)
                try await fourth.write(#"{"jsonrpc":"2.0","method":"get_data","id":4}"# + "\n")
                answered = try? await fourth.readJSON()
            }
            #expect(answered?["id"] == 4, "a freed place is given to the next client")
        }
    }
}
