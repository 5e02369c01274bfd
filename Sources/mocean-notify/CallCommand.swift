import ArgumentParser
import Foundation
import JSONRPC
import NotifierRPC

/// `mocean-notify call`: one request to a running TCP server, for shell scripts.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call one method on a running TCP server and print its result as JSON.",
        discussion: """
            The result goes to stdout. An error answer goes to stderr as `error CODE: MESSAGE` with its data, \
            and the exit status is 1; a server that cannot be reached gives exit status 3, one that does not \
            answer in time or answers something that is not JSON-RPC gives 4.
            Examples:
              mocean-notify call system.ping
              mocean-notify call rpc.discover
              mocean-notify call subtract '[42, 23]'
              mocean-notify call subtract '{"minuend": 42, "subtrahend": 23}'
            """
    )

    @Argument(help: "The method, e.g. system.ping.")
    var method: String

    @Argument(help: "The params as JSON: an object (by name) or an array (by position).")
    var params: String?

    @Option(name: .long, help: "The server's HOST:PORT (default: $MOCEAN_NOTIFY_CONNECT, else 127.0.0.1:7700).")
    var connect: String?

    @Option(name: .long, help: "The server's token (default: $MOCEAN_NOTIFY_TOKEN).")
    var token: String?

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Double = 30

    @Flag(name: .long, help: "Print compact JSON on one line instead of indented JSON.")
    var compact = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() async throws {
        ProcessSetup.ignoreBrokenPipes()
        let environment = ProcessInfo.processInfo.environment
        let parsedParams = try parseParams()
        let endpoint: ServeConfiguration.Endpoint
        do {
            endpoint = try ServeConfiguration.Endpoint(
                parsing: connect ?? environment["MOCEAN_NOTIFY_CONNECT"] ?? "127.0.0.1:7700")
        } catch {
            throw ValidationError("--connect: \(error.description)")
        }
        let token = token ?? environment["MOCEAN_NOTIFY_TOKEN"]
        let outcome: Result<JSONValue, RPCError>
        do {
            outcome = try await withTimeout(seconds: timeout) { [method] in
                try await RPCClient.withConnection(host: endpoint.host, port: endpoint.port) { client in
                    do {
                        if let token {
                            _ = try await client.call("session.authenticate", params: ["token": .string(token)])
                        }
                        return .success(try await client.call(method, params: parsedParams))
                    } catch let error as RPCError {
                        return .failure(error)
                    }
                }
            }
        } catch RPCClient.Failure.cannotConnect(let reason) {
            printError("cannot reach the server at \(endpoint): \(reason)")
            throw ExitCode(3)
        } catch {
            printError("the call to \(endpoint) failed: \(error)")
            throw ExitCode(4)
        }
        switch outcome {
        case .success(let result):
            print(compact ? result.description : JSONWriter.prettyPrint(result))
        case .failure(let error):
            var text = "error \(error.code): \(error.message)"
            if let data = error.data { text += "\n" + JSONWriter.prettyPrint(data) }
            printError(text)
            throw ExitCode(1)
        }
    }

    private func parseParams() throws -> JSONValue? {
        guard let params else { return nil }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(params.utf8))
        } catch {
            throw ValidationError("PARAMS is not JSON: \(error)")
        }
        switch value {
        case .array, .object: return value
        default: throw ValidationError("PARAMS must be a JSON object (by name) or array (by position)")
        }
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Why a call gave up waiting.
struct TimedOut: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "no answer within \(seconds) s" }
}

/// Runs `body`, giving up after `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(seconds: seconds)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
