import Foundation
import JSONRPC
import TestSupport
import Testing

/// `mocean-notify serve --tcp` and `mocean-notify call`, as child processes over real sockets.
@Suite(.timeLimit(.minutes(2))) struct TCPEndToEndTests {
    let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    private func startServer(_ extra: [String] = []) async throws -> (ServerProcess, Int) {
        let server = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--database", folder.appendingPathComponent("db.sqlite").path] + extra)
        return (server, try await server.listeningPort())
    }

    @Test func passesEveryConformanceCaseOverASocket() async throws {
        let (server, port) = try await startServer(["--conformance-methods"])
        let socket = try RawSocket(port: port)
        for (index, testCase) in try ConformanceCase.all().enumerated() {
            let sync = #"{"jsonrpc":"2.0","method":"system.ping","id":"sync-\#(index)"}"#
            try await socket.write(testCase.request + "\n" + sync + "\n")
            var answer = try await socket.readJSON()
            if answer?["id"] == .string("sync-\(index)") {
                answer = nil
            } else {
                #expect(try await socket.readJSON()?["id"] == .string("sync-\(index)"))
            }
            #expect(
                ResponseMatching.matches(testCase.expect, answer),
                "\(testCase.name): got \(answer?.description ?? "no answer")")
        }
        server.terminate()
        #expect(await server.waitForExit() == 0)
    }

    @Test func aTokenGuardsEveryMethodUntilTheClientAuthenticates() async throws {
        let (server, port) = try await startServer(["--token", "s3cret-token"])
        let socket = try RawSocket(port: port)
        try await socket.write(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"# + "\n")
        let refused = try await socket.readJSON()
        #expect(refused?["error"]?["code"] == -32001)
        #expect(refused?["error"]?["message"]?.stringValue?.contains("session.authenticate") == true)
        try await socket.write(#"{"jsonrpc":"2.0","method":"session.authenticate","params":["wrong"],"id":2}"# + "\n")
        #expect(try await socket.readJSON()?["error"]?["code"] == -32002)
        try await socket.write(
            #"{"jsonrpc":"2.0","method":"session.authenticate","params":{"token":"s3cret-token"},"id":3}"# + "\n")
        #expect(try await socket.readJSON()?["result"] == ["authenticated": true, "required": true])
        try await socket.write(#"{"jsonrpc":"2.0","method":"system.ping","id":4}"# + "\n")
        #expect(try await socket.readJSON()?["result"] == "pong")

        let other = try RawSocket(port: port)
        try await other.write(#"{"jsonrpc":"2.0","method":"system.ping","id":5}"# + "\n")
        #expect(try await other.readJSON()?["error"]?["code"] == -32001, "each connection authenticates for itself")

        server.terminate()
        #expect(await server.waitForExit() == 0)
        let log = server.stderr.all.joined(separator: "\n")
        #expect(!log.contains("s3cret-token"), "the token never appears in the log")
    }

    @Test func refusesANonLoopbackAddressWithoutATokenAndSaysWhy() async throws {
        let server = try ServerProcess(
            ["serve", "--tcp", "0.0.0.0:0", "--database", folder.appendingPathComponent("db.sqlite").path])
        #expect(await server.waitForExit() == 2)
        let log = server.stderr.all.joined(separator: "\n")
        #expect(log.contains("without a token") && log.contains("--token"))
    }

    @Test func theCallCommandPrintsResultsAndErrors() async throws {
        let (server, port) = try await startServer(["--token", "tok", "--conformance-methods"])
        let connect = ["--connect", "127.0.0.1:\(port)", "--token", "tok"]

        let ping = try await run(["call", "system.ping"] + connect)
        #expect(ping.status == 0 && ping.stdout == "\"pong\"\n")
        let positional = try await run(["call", "subtract", "[42, 23]", "--compact"] + connect)
        #expect(positional.stdout == "19\n")
        let named = try await run(["call", "subtract", #"{"subtrahend": 23, "minuend": 42}"#] + connect)
        #expect(named.stdout == "19\n")
        let discover = try await run(["call", "rpc.discover"] + connect)
        #expect(discover.stdout.parsedJSON?["openrpc"] != nil)

        let unknown = try await run(["call", "nope"] + connect)
        #expect(unknown.status == 1 && unknown.stderr.contains("error -32601") && unknown.stdout.isEmpty)
        let invalid = try await run(["call", "subtract", #"{"minuend": "x", "subtrahend": 1}"#] + connect)
        #expect(invalid.status == 1 && invalid.stderr.contains("\"field\": \"minuend\""))
        let noToken = try await run(["call", "system.ping", "--connect", "127.0.0.1:\(port)"])
        #expect(noToken.status == 1 && noToken.stderr.contains("-32001"))
        let badParams = try await run(["call", "system.ping", "not json"] + connect)
        #expect(badParams.status != 0 && badParams.stderr.contains("PARAMS is not JSON"))

        server.terminate()
        #expect(await server.waitForExit() == 0)
        let unreachable = try await run(["call", "system.ping", "--connect", "127.0.0.1:\(port)", "--timeout", "5"])
        #expect(unreachable.status == 3 && unreachable.stderr.contains("cannot reach"))
    }

    @Test func everyExampleOfCallsHelpRuns() async throws {
        let (server, port) = try await startServer()
        let help = try await run(["call", "--help"])
        let examples = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("mocean-notify call ") }
        #expect(examples.count >= 3)
        for example in examples {
            let arguments = Array(ShellWords.split(example).dropFirst())
            let outcome = try await run(arguments + ["--connect", "127.0.0.1:\(port)"])
            #expect(outcome.status == 0, "\(example): \(outcome.stderr)")
        }
        server.terminate()
        #expect(await server.waitForExit() == 0)
    }

    @Test func anEmptyTokenVariableCountsAsUnsetAndATokenFileWorks() async throws {
        let tokenFile = folder.appendingPathComponent("token")
        try Data("a-token-from-a-file\n".utf8).write(to: tokenFile)
        let (open, openPort) = try await startServer()
        let empty = try await run(
            ["call", "system.ping", "--connect", "127.0.0.1:\(openPort)"], environment: ["MOCEAN_NOTIFY_TOKEN": ""])
        #expect(empty.status == 0 && empty.stdout == "\"pong\"\n", "\(empty.stderr)")
        open.terminate()
        _ = await open.waitForExit()

        let (guarded, port) = try await startServer(["--token-file", tokenFile.path])
        let withFile = try await run(
            ["call", "system.ping", "--connect", "127.0.0.1:\(port)", "--token-file", tokenFile.path])
        #expect(withFile.status == 0, "\(withFile.stderr)")
        let withVariable = try await run(
            ["call", "system.ping", "--connect", "127.0.0.1:\(port)"],
            environment: ["MOCEAN_NOTIFY_TOKEN": "a-token-from-a-file"])
        #expect(withVariable.status == 0, "\(withVariable.stderr)")
        guarded.terminate()
        #expect(await guarded.waitForExit() == 0)
        #expect(!guarded.stderr.all.joined().contains("a-token-from-a-file"))

        let emptyServer = try await run(
            ["serve", "--tcp", "127.0.0.1:0", "--token", "", "--database", folder.appendingPathComponent("x").path])
        #expect(emptyServer.status == 2 && emptyServer.stderr.contains("empty or blank"))
    }

    @Test func connectionAndBindFailuresNameTheAddressInWords() async throws {
        let (server, port) = try await startServer()
        let busy = try await run(
            ["serve", "--tcp", "127.0.0.1:\(port)", "--database", folder.appendingPathComponent("y").path])
        #expect(busy.status == 2)
        #expect(busy.stderr.contains("cannot listen on 127.0.0.1:\(port): Address already in use"), "\(busy.stderr)")
        server.terminate()
        _ = await server.waitForExit()
        // Port 1, where nothing listens: the freed port may already be another test's.
        let refused = try await run(["call", "system.ping", "--connect", "127.0.0.1:1"])
        #expect(refused.status == 3)
        #expect(
            refused.stderr.contains("cannot reach the server at 127.0.0.1:1")
                && refused.stderr.contains("Connection refused (errno 111)"), "\(refused.stderr)")
        let opened = refused.stderr.filter { $0 == "(" }.count
        #expect(opened == refused.stderr.filter { $0 == ")" }.count, "balanced parentheses: \(refused.stderr)")
    }

    @Test func helpAndVersion() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        for command in [[], ["serve"], ["call"]] {
            let help = try await run(command + ["--help"])
            #expect(help.status == 0 && help.stdout.contains("USAGE"), "\(command) --help")
        }
        let serveHelp = try await run(["serve", "--help"])
        #expect(
            serveHelp.stdout.contains("--tcp") && serveHelp.stdout.contains("--token")
                && !serveHelp.stdout.contains("conformance"))
    }

    private struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let process = try ServerProcess(
            arguments, standardInput: FileHandle(forReadingAtPath: "/dev/null"), environment: environment)
        let status = await process.waitForExit()
        _ = await process.stdout.waitForEnd()
        _ = await process.stderr.waitForEnd()
        let join = { (lines: [String]) in lines.map { $0 + "\n" }.joined() }
        return Outcome(status: status, stdout: join(process.stdout.all), stderr: join(process.stderr.all))
    }
}

/// Splits a command line as a shell would, for the examples in help texts: words, single and double quotes.
enum ShellWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
