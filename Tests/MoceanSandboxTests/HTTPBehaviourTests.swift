import MoceanSandbox
import TestSupport
import Testing

/// Connections: keep-alive, closing on request, the sandbox's own paths.
@Suite(.timeLimit(.minutes(1))) struct HTTPBehaviourTests {
    @Test func twoRequestsShareOneConnection() async throws {
        try await Sandbox.run { sandbox in
            let connection = try HTTPTestConnection(port: sandbox.port)
            let target = "/rest/2/account/balance?" + encodeForm(Sandbox.credentials())
            let first = try #require(try await connection.send("GET", target))
            #expect(first.status == 200)
            #expect(first.headers["connection"] == "keep-alive")
            let second = try #require(
                try await connection.send(
                    "POST", "/rest/2/sms", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: encodeForm(
                        Sandbox.credentials() + [
                            ("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", "Hi"),
                        ])))
            #expect(second.status == 202)
            let third = try #require(try await connection.send("GET", target))
            #expect(try third.json() == ["status": 0, "value": 6.3948])
        }
    }

    @Test func aClientThatAsksToCloseIsAnsweredThenClosed() async throws {
        try await Sandbox.run { sandbox in
            let connection = try HTTPTestConnection(port: sandbox.port)
            let answer = try await connection.send("GET", "/sandbox/stats", headers: [("Connection", "close")])
            #expect(answer?.status == 200)
            #expect(answer?.headers["connection"] == "close")
            #expect(try await connection.send("GET", "/sandbox/stats") == nil)
        }
    }

    @Test func recordedMessagesAreListedNewestLastAndCleared() async throws {
        try await Sandbox.run(Sandbox.configuration(balance: 10)) { sandbox in
            for text in ["first", "second", "third"] {
                _ = try await sandbox.sendSMS([
                    ("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", text),
                ])
            }
            let listed = try await sandbox.messages()
            #expect(listed.count == 3)
            #expect(listed[2]?["text"] == "third")
            let cleared = try await sandbox.request("DELETE", "/sandbox/messages")
            #expect(try cleared.json() == ["cleared": 3])
            #expect(try await sandbox.messages() == [])
            #expect(try await sandbox.request("PUT", "/sandbox/messages", body: "").status == 405)
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["requests"]?["sms"] == 3)
            #expect(stats["messages"] == 0)
        }
    }

    @Test func aGracefulShutdownAnswersTheRequestInFlightThenCloses() async throws {
        let faults = FaultSettings(latencyMilliseconds: 400)
        try await Sandbox.run(Sandbox.configuration(faults: faults)) { sandbox in
            let idle = try HTTPTestConnection(port: sandbox.port)
            #expect(try await idle.send("GET", "/sandbox/stats")?.status == 200)
            let busy = try HTTPTestConnection(port: sandbox.port)
            async let answer = busy.send("GET", "/rest/2/account/balance?" + encodeForm(Sandbox.credentials()))
            // Shut down only once the sandbox has the request (it counts it on arrival, before the delay).
            let probe = try HTTPTestConnection(port: sandbox.port)
            while try await probe.send("GET", "/sandbox/stats")?.json()["requests"]?["balance"] != 1 {
                try await Task.sleep(for: .milliseconds(10))
            }
            await sandbox.shutDown()
            #expect(try await answer?.status == 200, "the request in flight is answered")
            // The shutdown reaches the connections a moment after it is asked for: wait for the close itself,
            // rather than race a new request against it.
            #expect(try await busy.waitForClose(), "then its connection closes")
            #expect(try await idle.waitForClose(), "an idle connection closes")
        }
    }

    @Test func aClientThatExpectsContinueIsToldToGoOn() async throws {
        try await Sandbox.run { sandbox in
            let socket = try RawSocket(port: sandbox.port)
            defer { socket.close() }
            let body = encodeForm(
                Sandbox.credentials() + [("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", "Hi")])
            try await socket.write(
                "POST /rest/2/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                    + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
            #expect(try await socket.readLine() == "HTTP/1.1 100 Continue\r")
            #expect(try await socket.readLine() == "\r")
            try await socket.write(body)
            let answer = String(decoding: try await socket.readToEnd(), as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 202 Accepted\r\n"))
        }
    }

    @Test func anOversizedBodyIsRefused() async throws {
        try await Sandbox.run { sandbox in
            let body = "mocean-text=" + String(repeating: "a", count: 1 << 21)
            let response = try await sandbox.request("POST", "/rest/2/sms", body: body)
            #expect(response.status == 413)
        }
    }
}
