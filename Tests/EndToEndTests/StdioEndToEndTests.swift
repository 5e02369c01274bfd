import Foundation
import JSONRPC
import TestSupport
import Testing

/// `mocean-notify serve` over stdio, as a child process.
@Suite(.timeLimit(.minutes(2))) struct StdioEndToEndTests {
    let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    private var databaseArguments: [String] { ["--database", folder.appendingPathComponent("db.sqlite").path] }

    @Test func passesEveryConformanceCaseOverPipes() async throws {
        let server = try ServerProcess(["serve", "--stdio", "--conformance-methods"] + databaseArguments)
        for (index, testCase) in try ConformanceCase.all().enumerated() {
            // A ping after each case shows whether the case itself was answered: answers come in order.
            let sync = #"{"jsonrpc":"2.0","method":"system.ping","id":"sync-\#(index)"}"#
            try server.write(testCase.request + "\n" + sync + "\n")
            var answer: JSONValue? = try #require(await server.stdout.next()).parsedJSON
            if answer?["id"] == .string("sync-\(index)") {
                answer = nil
            } else {
                let next = try #require(await server.stdout.next()).parsedJSON
                #expect(next?["id"] == .string("sync-\(index)"))
            }
            #expect(
                ResponseMatching.matches(testCase.expect, answer),
                "\(testCase.name): got \(answer?.description ?? "no answer")")
        }
        try server.closeInput()
        #expect(await server.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("db.sqlite").path))
    }

    @Test func readsARegularFileWithCRLFBlankLinesAndNoFinalNewline() async throws {
        let input = folder.appendingPathComponent("requests.jsonl")
        let text =
            #"{"jsonrpc":"2.0","method":"system.ping","id":1}"# + "\r\n\n   \n"
            + #"{"jsonrpc":"2.0","method":"system.ping"}"# + "\n"
            + #"{"jsonrpc":"2.0","method":"system.ping","id":2}"#
        try Data(text.utf8).write(to: input)
        let server = try ServerProcess(
            ["serve"] + databaseArguments, standardInput: try FileHandle(forReadingFrom: input))
        #expect(await server.waitForExit() == 0)
        #expect(await server.stdout.waitForEnd())
        #expect(
            server.stdout.all == [
                #"{"jsonrpc":"2.0","result":"pong","id":1}"#, #"{"jsonrpc":"2.0","result":"pong","id":2}"#,
            ])
    }

    @Test func exitsCleanlyOnDevNullAndOnAClosedStdin() async throws {
        let devNull = try ServerProcess(
            ["serve"] + databaseArguments, standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        #expect(await devNull.waitForExit() == 0)
        let binary = ServerProcess.executableURL.path
        let closed = try ChildProcess.run(
            "/bin/sh",
            [
                "-c", "exec \"$0\" serve --database \"$1\" <&-", binary,
                folder.appendingPathComponent("closed.sqlite").path,
            ])
        #expect(closed == 0)
    }

    @Test func writesAnswersToARegularFileAndLogsOnlyToStderr() async throws {
        let output = folder.appendingPathComponent("out.jsonl")
        let log = folder.appendingPathComponent("err.log")
        let binary = ServerProcess.executableURL.path
        let script = """
            printf '%s\\n%s' '{"jsonrpc":"2.0","method":"system.info","id":1}' '{"jsonrpc":"2.0","method":"x","id":2}' \
              | "$0" serve --log-level debug --database "$1" > "$2" 2> "$3"
            """
        let status = try ChildProcess.run(
            "/bin/sh", ["-c", script, binary, folder.appendingPathComponent("db.sqlite").path, output.path, log.path])
        #expect(status == 0)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { String($0).parsedJSON?["jsonrpc"] == "2.0" })
        #expect(try String(contentsOf: log, encoding: .utf8).contains("database at"))
    }

    @Test func answersInOrderAndExitsOnlyAfterAnsweringEverything() async throws {
        let server = try ServerProcess(["serve"] + databaseArguments)
        var text = ""
        for id in 0..<2000 { text += #"{"jsonrpc":"2.0","method":"system.ping","id":\#(id)}"# + "\n" }
        try server.write(text)
        try server.closeInput()
        #expect(await server.waitForExit() == 0)
        #expect(await server.stdout.waitForEnd())
        let ids = server.stdout.all.compactMap { $0.parsedJSON?["id"] }
        #expect(ids == (0..<2000).map { .number(JSONNumber($0)) })
    }

    @Test func validatesPhoneNumbersThroughTheBinary() async throws {
        let server = try ServerProcess(["serve"] + databaseArguments)
        try server.write(
            #"{"jsonrpc":"2.0","method":"phone.validate","params":{"number":"012-345 6789","country":"MY"},"id":1}"#
                + "\n" + #"{"jsonrpc":"2.0","method":"phone.validate","params":["03-2161 2345","MY"],"id":2}"# + "\n")
        let mobile = try #require(await server.stdout.next()).parsedJSON
        #expect(mobile?["result"]?["gatewayNumber"] == "60123456789" && mobile?["result"]?["valid"] == true)
        let landline = try #require(await server.stdout.next()).parsedJSON
        #expect(landline?["result"]?["reason"] == "a fixed-line number cannot receive SMS")
        try server.closeInput()
        #expect(await server.waitForExit() == 0)
    }

    @Test func sigtermExitsZero() async throws {
        let server = try ServerProcess(["serve"] + databaseArguments)
        try server.write(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"# + "\n")
        #expect(await server.stdout.next() != nil)
        server.terminate()
        #expect(await server.waitForExit() == 0)
    }

    @Test func anOversizedLineIsAnsweredAndTheSessionGoesOn() async throws {
        let server = try ServerProcess(["serve", "--max-line-bytes", "2048"] + databaseArguments)
        try server.write(
            String(repeating: "a", count: 100_000) + "\n" + #"{"jsonrpc":"2.0","method":"system.ping","id":1}"# + "\n")
        #expect(try #require(await server.stdout.next()).parsedJSON?["error"]?["code"] == -32003)
        #expect(try #require(await server.stdout.next()).parsedJSON?["result"] == "pong")
        try server.closeInput()
        #expect(await server.waitForExit() == 0)
    }
}

extension String {
    /// The text parsed as JSON, or nil.
    var parsedJSON: JSONValue? { try? JSONParser.parse(Array(utf8)) }
}
