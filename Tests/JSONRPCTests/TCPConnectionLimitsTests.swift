import JSONRPC
import TestSupport
import Testing

/// Connections that sit idle, never authenticate or guess the token cannot keep others out.
@Suite(.timeLimit(.minutes(1))) struct TCPConnectionLimitsTests {
    private static let authenticate =
        #"{"jsonrpc":"2.0","method":"test.authenticate","params":{"token":"letmein"},"id":"auth"}"#
    private static let wrongToken =
        #"{"jsonrpc":"2.0","method":"test.authenticate","params":{"token":"guess"},"id":"auth"}"#
    private static let getData = #"{"jsonrpc":"2.0","method":"get_data","id":"data"}"#

    @Test func anIdleConnectionIsClosed() async throws {
        try await TCPServerHarness.run(configure: { $0.idleTimeout = .milliseconds(300) }) { port, _ in
            let socket = try RawSocket(port: port)
            #expect(try await socket.readLine() == nil, "closed without a word after the idle timeout")
        }
    }

    @Test func aConnectionWithARequestInHandIsNotIdle() async throws {
        try await TCPServerHarness.run(configure: { $0.idleTimeout = .seconds(1) }) { port, _ in
            let socket = try RawSocket(port: port)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.slow","params":{"milliseconds":3500},"id":1}"# + "\n")
            #expect(try await socket.readJSON()?["result"] == "slept", "answered although it took 3 idle timeouts")
            #expect(try await socket.readLine() == nil, "then closed once idle")
        }
    }

    @Test func aConnectionThatDoesNotAuthenticateInTimeIsClosed() async throws {
        try await TCPServerHarness.run(configure: {
            $0.requiresAuthentication = true
            $0.authenticationTimeout = .seconds(3)
        }) { port, _ in
            let silent = try RawSocket(port: port)
            let admin = try RawSocket(port: port)
            try await admin.write(Self.authenticate + "\n")
            #expect(try await admin.readJSON()?["result"] == true)
            #expect(try await silent.readLine() == nil, "the silent one is closed")
            try await Task.sleep(for: .milliseconds(200))
            try await admin.write(Self.getData + "\n")
            #expect(try await admin.readJSON()?["id"] == "data", "the authenticated one stays")
        }
    }

    @Test func unauthenticatedConnectionsMakeRoomForNewOnes() async throws {
        try await TCPServerHarness.run(configure: {
            $0.requiresAuthentication = true
            $0.maximumConnections = 3
            $0.maximumUnauthenticatedConnections = 2
            $0.authenticationTimeout = .seconds(30)
        }) { port, _ in
            let first = try RawSocket(port: port)
            try await first.write(Self.authenticate + "\n")
            #expect(try await first.readJSON()?["result"] == true)
            let second = try RawSocket(port: port)
            try await Task.sleep(for: .milliseconds(100))
            let third = try RawSocket(port: port)
            try await Task.sleep(for: .milliseconds(100))
            // The pool of two unauthenticated places is full: the oldest of them goes.
            let fourth = try RawSocket(port: port)
            #expect(try await second.readLine() == nil, "the oldest unauthenticated connection was closed")
            try await fourth.write(Self.authenticate + "\n")
            #expect(try await fourth.readJSON()?["result"] == true)
            // Three open (two authenticated): a newcomer takes the unauthenticated one's place.
            let fifth = try RawSocket(port: port)
            #expect(try await third.readLine() == nil)
            try await fifth.write(Self.authenticate + "\n")
            #expect(try await fifth.readJSON()?["result"] == true)
            // Every place is an authenticated one now: a newcomer is refused, the others go on.
            let sixth = try RawSocket(port: port)
            #expect(try await sixth.readLine() == nil)
            for socket in [first, fourth, fifth] {
                try await socket.write(Self.getData + "\n")
                #expect(try await socket.readJSON()?["id"] == "data")
            }
        }
    }

    @Test func repeatedAuthenticationFailuresCloseTheConnection() async throws {
        try await TCPServerHarness.run(configure: { $0.requiresAuthentication = true }) { port, _ in
            let socket = try RawSocket(port: port)
            for attemptsLeft in (0..<RPCSession.maximumAuthenticationFailures).reversed() {
                try await socket.write(Self.wrongToken + "\n")
                let answer = try await socket.readJSON()
                #expect(answer?["error"]?["code"] == -32002)
                #expect(answer?["error"]?["data"]?["attemptsLeft"] == .number(JSONNumber(attemptsLeft)))
            }
            #expect(try await socket.readLine() == nil, "closed after the last failure")
        }
    }
}
