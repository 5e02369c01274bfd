import JSONRPC
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The TCP transport in process, on a real loopback socket.
@Suite(.timeLimit(.minutes(1))) struct TCPServerTests {
    /// Runs a TCP server on a free port for the length of `body`, then shuts it down gracefully.
    private func withServer(
        maximumLineBytes: Int = 4096,
        _ body: @Sendable (_ port: Int, _ group: ServiceGroup) async throws -> Void
    ) async throws {
        let harness = EngineHarness()
        let bound = AsyncStream.makeStream(of: Int.self)
        let server = TCPServer(
            configuration: .init(
                host: "127.0.0.1", port: 0, maximumLineBytes: maximumLineBytes, requiresAuthentication: false),
            dispatcher: harness.dispatcher, logger: Logger(label: "test"),
            onBound: { address in
                bound.continuation.yield(address.port ?? 0)
                bound.continuation.finish()
            })
        let group = ServiceGroup(
            configuration: .init(services: [server], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = bound.stream.makeAsyncIterator()
            let port = try #require(await ports.next())
            try await body(port, group)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func servesManyConnectionsAtOnceEachInOrder() async throws {
        try await withServer { port, _ in
            try await withThrowingTaskGroup(of: [JSONValue].self) { tasks in
                for connection in 0..<20 {
                    tasks.addTask {
                        try await RPCClient.withConnection(host: "127.0.0.1", port: port) { client in
                            var results: [JSONValue] = []
                            for value in 0..<25 {
                                results.append(
                                    try await client.call(
                                        "subtract", params: [.number(JSONNumber(connection * 100 + value)), 0]))
                            }
                            return results
                        }
                    }
                }
                var connectionsServed = 0
                for try await results in tasks {
                    let values = results.compactMap { $0.description }
                    #expect(values.count == 25)
                    #expect(Set(values).count == 25)
                    connectionsServed += 1
                }
                #expect(connectionsServed == 20)
            }
        }
    }

    @Test func gracefulShutdownAnswersTheRequestInFlight() async throws {
        try await withServer { port, group in
            let socket = try RawSocket(port: port)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.slow","params":{"milliseconds":400},"id":1}"# + "\n")
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            let answer = try await socket.readJSON()
            #expect(answer?["result"] == "slept")
            #expect(await socket.readLine() == nil, "the connection closes once the request in flight is answered")
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
            #expect(await socket.readLine() == nil)
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
}
