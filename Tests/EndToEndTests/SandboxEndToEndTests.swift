import Foundation
import JSONRPC
import TestSupport
import Testing

/// `mocean-notify sandbox` as a child process, spoken to over real sockets.
@Suite(.timeLimit(.minutes(2))) struct SandboxEndToEndTests {
    @Test func servesTheGatewayAndStopsOnSIGTERM() async throws {
        let server = try ServerProcess([
            "sandbox", "--port", "0", "--api-key", "e2e-key", "--api-secret", "e2e-s3cret", "--api-token",
            "e2e-t0ken", "--balance", "1.5", "--currency", "MYR", "--seed", "3",
        ])
        let port = try await server.listeningPort()

        let balance = try await exchange(
            port: port,
            "GET /rest/2/account/balance?mocean-api-key=e2e-key&mocean-api-secret=e2e-s3cret&mocean-resp-format=json "
                + "HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(balance.status == 200)
        #expect(balance.body == #"{"status":0,"value":1.5000}"#)

        let form =
            "mocean-resp-format=json&mocean-from=MyShop&mocean-to=60123456789&mocean-text=Order+%2342+shipped"
        let send = try await exchange(
            port: port,
            "POST /rest/2/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer e2e-t0ken\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + form)
        #expect(send.status == 202)
        let element = try JSONParser.parse(Array(send.body.utf8))["messages"]?.arrayValue?.first
        #expect(element?["status"] == 0)
        #expect(element?["receiver"] == "60123456789")
        #expect(element?["msgid"]?.stringValue?.hasPrefix("CPASS_restapi_C") == true)

        let messages = try await exchange(
            port: port, "GET /sandbox/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let recorded = try JSONParser.parse(Array(messages.body.utf8)).arrayValue?.first
        #expect(recorded?["text"] == "Order #42 shipped")
        #expect(recorded?["auth"] == "token")

        server.terminate()
        #expect(await server.waitForExit() == 0)
        let log = server.stderr.all.joined(separator: "\n")
        #expect(log.contains("listening on 127.0.0.1:\(port)"))
        #expect(!log.contains("e2e-s3cret") && !log.contains("e2e-t0ken"), "the log never shows a secret or token")
        #expect(server.stdout.all.isEmpty, "logs go to stderr")
    }

    @Test func withoutCredentialsItAcceptsTheDefaultsAndSaysSo() async throws {
        let server = try ServerProcess(["sandbox"])
        let port = try await server.listeningPort()
        let balance = try await exchange(
            port: port,
            "GET /rest/2/account/balance?mocean-api-key=sandbox-key&mocean-api-secret=sandbox-secret"
                + "&mocean-resp-format=json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(balance.body == #"{"status":0,"value":6.4448}"#)
        server.terminate()
        #expect(await server.waitForExit() == 0)
        let log = server.stderr.all.joined(separator: "\n")
        #expect(log.contains("sandbox-key") && !log.contains("sandbox-secret"))
    }

    @Test(arguments: [
        (["--host", "0.0.0.0"], "refusing to listen on 0.0.0.0"),
        (["--api-key", "k"], "--api-key needs --api-secret"),
        (["--fail-share", "1.5"], "--fail-share (failShare) 1.5 is out of range"),
        (["--fail-status", "7"], "--fail-status (failStatus) 7 is not a MoceanAPI error status"),
        (["--http-error-code", "200"], "give 400 to 599"),
        (["--port", "70000"], "--port 70000 is out of range"),
    ])
    func refusesUnusableSettingsWithAMessage(arguments: [String], message: String) async throws {
        let server = try ServerProcess(
            ["sandbox"] + arguments, standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        let status = await server.waitForExit()
        _ = await server.stderr.waitForEnd()
        #expect(status != 0)
        let log = server.stderr.all.joined(separator: "\n")
        #expect(log.contains(message), "\(log)")
    }

    private struct Answer {
        let status: Int
        let body: String
    }

    /// Sends `request` as it is on a fresh connection and reads the answer until the server closes.
    private func exchange(port: Int, _ request: String) async throws -> Answer {
        let socket = try RawSocket(port: port)
        defer { socket.close() }
        try await socket.write(request)
        let text = String(decoding: try await socket.readToEnd(), as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ProcessFailure("not an HTTP answer: \(text)") }
        let statusLine = text[..<split.lowerBound].prefix(while: { $0 != "\r" })
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Answer(status: status, body: String(text[split.upperBound...]))
    }
}
