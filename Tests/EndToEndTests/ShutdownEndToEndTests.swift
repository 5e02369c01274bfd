import Foundation
import JSONRPC
import TestSupport
import Testing

/// SIGTERM while the service is busy: every request sent gets an answer, the process exits in time, and
/// its exit status says whether any answer was lost.
@Suite(.timeLimit(.minutes(2))) struct ShutdownEndToEndTests {
    private let folder: URL
    private var databaseArguments: [String] { ["--database", folder.appendingPathComponent("db.sqlite").path] }

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    /// A sandbox answering every request after `latency` milliseconds.
    private func sandbox(latency: Int) async throws -> (ServerProcess, Int) {
        let sandbox = try ServerProcess([
            "sandbox", "--port", "0", "--api-key", "k", "--api-secret", "shutdown-secret",
            "--latency-ms", String(latency),
        ])
        return (sandbox, try await sandbox.listeningPort())
    }

    private func accountSet(gatewayPort: Int, id: Int) -> String {
        #"{"jsonrpc":"2.0","method":"account.set","params":{"apiKey":"k","apiSecret":"shutdown-secret","gatewayUrl":"http://127.0.0.1:\#(gatewayPort)"},"id":\#(id)}"#
    }

    @Test func stdioAnswersEveryPipelinedRequestWhenStopped() async throws {
        let (sandbox, gatewayPort) = try await sandbox(latency: 1500)
        defer { sandbox.terminate() }
        let server = try ServerProcess(["serve"] + databaseArguments)
        // Running (its signal handlers in place) once it answers.
        try server.write(#"{"jsonrpc":"2.0","method":"system.ping","id":"ready"}"# + "\n")
        #expect(try #require(await server.stdout.next(seconds: 30)).contains("pong"))
        // The first call waits on the gateway; 99 more are sent behind it; stdin stays open.
        var lines = [accountSet(gatewayPort: gatewayPort, id: 0)]
        lines += (1..<100).map { #"{"jsonrpc":"2.0","method":"system.ping","id":\#($0)}"# }
        try server.write(lines.joined(separator: "\n") + "\n")
        try await Task.sleep(for: .milliseconds(500))
        let stopping = ContinuousClock.now
        server.terminate()
        #expect(await server.waitForExit() == 0, "nothing was lost")
        #expect(ContinuousClock.now - stopping < .seconds(7), "it stops once the call in hand is answered")
        _ = await server.stdout.waitForEnd()
        let answers = server.stdout.all.compactMap(\.parsedJSON).filter { $0["id"] != "ready" }
        #expect(answers.count == 100, "every request is answered")
        #expect(answers.first?["result"]?["credentials"]?["status"] == "valid", "the call in hand finished")
        let refused = answers.dropFirst().filter {
            $0["error"]?["code"] == -32004 && $0["error"]?["data"]?["ran"] == false
        }
        #expect(refused.count == 99, "the others are refused without running")
    }

    @Test func tcpCancelsASlowGatewayCallAtTheEndOfTheGraceAndAnswersIt() async throws {
        let (sandbox, gatewayPort) = try await sandbox(latency: 30_000)
        defer { sandbox.terminate() }
        let server = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--shutdown-grace", "2"] + databaseArguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        let port = try await server.listeningPort()
        let socket = try RawSocket(port: port, timeout: 30)
        try await socket.write(accountSet(gatewayPort: gatewayPort, id: 1) + "\n")
        try await Task.sleep(for: .milliseconds(500))
        let stopping = ContinuousClock.now
        server.terminate()
        let answer = try await socket.readJSON()
        #expect(answer?["result"]?["credentials"]?["status"] != nil || answer?["error"]?["code"] == -32004)
        #expect(await server.waitForExit() == 0, "no crash, no answer lost")
        #expect(ContinuousClock.now - stopping < .seconds(10), "the gateway call did not hold the shutdown")
        let log = server.stderr.all.joined(separator: "\n")
        #expect(!log.contains("Cancellation took longer"), "\(log)")
    }

    @Test func tcpAnswersEveryMemberOfABatchWaitingOnTheGateway() async throws {
        let (sandbox, gatewayPort) = try await sandbox(latency: 1000)
        defer { sandbox.terminate() }
        let server = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0"] + databaseArguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        let port = try await server.listeningPort()
        let socket = try RawSocket(port: port, timeout: 30)
        try await socket.write(accountSet(gatewayPort: gatewayPort, id: 0) + "\n")
        #expect(try await socket.readJSON()?["result"]?["credentials"]?["status"] == "valid")
        let members = (1...100).map { #"{"jsonrpc":"2.0","method":"account.balance","id":\#($0)}"# }
        try await socket.write("[" + members.joined(separator: ",") + "]\n")
        try await Task.sleep(for: .milliseconds(300))
        server.terminate()
        let answers = try #require(await socket.readJSON()?.arrayValue)
        #expect(answers.count == 100)
        let finished = answers.filter { $0["result"]?["display"] != nil }.count
        let stopped = answers.filter { $0["error"]?["code"] == -32004 }.count
        #expect(finished >= 1 && finished + stopped == 100, "finished \(finished), stopped \(stopped)")
        #expect(await server.waitForExit() == 0)
    }

    @Test func answersThatCannotBeWrittenMakeTheExitStatusNonZero() async throws {
        let server = try ServerProcess(
            ["serve", "--shutdown-grace", "1", "--log-level", "debug"] + databaseArguments, readsOutput: false)
        // Running (its signal handlers in place) once it serves stdin.
        _ = try await server.stderr.firstLine(containing: "serving JSON-RPC on stdin/stdout", seconds: 30)
        // 30 answers of about 36 KB each fill the pipe that nobody reads.
        let discover = #"{"jsonrpc":"2.0","method":"rpc.discover","id":1}"#
        try server.write(String(repeating: discover + "\n", count: 30))
        try await Task.sleep(for: .milliseconds(500))
        server.terminate()
        #expect(await server.waitForExit() == 1)
        _ = await server.stderr.waitForEnd()
        let log = server.stderr.all.joined(separator: "\n")
        #expect(log.contains("not answered before the service stopped"), "\(log)")
    }
}
