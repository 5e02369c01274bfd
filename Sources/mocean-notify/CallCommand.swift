import ArgumentParser
import Foundation
import JSONRPC
import NotifierRPC
import NotifierServer

/// `mocean-notify call`: one request to a running TCP server, for shell scripts.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call one method on a running TCP server and print its result as JSON.",
        discussion: """
            The result goes to stdout. An error answer goes to stderr as `error CODE: MESSAGE` with its data, \
            and the exit status is 1; a server that cannot be reached gives exit status 3, one that does not \
            answer in time (--timeout) or answers something that is not JSON-RPC gives 4.
            Examples:
              mocean-notify call system.ping
              mocean-notify call phone.validate '{"number": "+60 12-345 6789"}'
              mocean-notify call phone.validate '["012-345 6789", "MY"]'
              mocean-notify call template.keywords '{"event": "store/order/created"}'
              mocean-notify call --compact rpc.discover
            """
    )

    @Argument(help: "The method, e.g. system.ping.")
    var method: String

    @Argument(help: "The params as JSON: an object (by name) or an array (by position).")
    var params: String?

    @Option(name: .long, help: "The server's HOST:PORT (default: $MOCEAN_NOTIFY_CONNECT, else 127.0.0.1:7700).")
    var connect: String?

    @Option(name: .long, help: "The server's token (default: $MOCEAN_NOTIFY_TOKEN; an empty one counts as unset).")
    var token: String?

    @Option(name: .long, help: "Read the server's token from this file (its first line).")
    var tokenFile: String?

    /// Longer than the server's longest call: `account.set` may wait on the gateway twice, 30 s each.
    static let defaultTimeout: Double = 90

    @Option(
        name: .long,
        help:
            "Seconds to wait for the answer (longer than the server's longest call, account.set, which may wait 60 s on the gateway)."
    )
    var timeout: Double = defaultTimeout

    @Flag(name: .long, help: "Print compact JSON on one line instead of indented JSON.")
    var compact = false

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout \(timeout) is out of range: give more than 0 and at most 86400 seconds")
        }
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
        let token: String?
        do {
            token = try TokenOption.resolve(token: self.token, file: tokenFile, environment: environment)
        } catch {
            throw ValidationError(error.description)
        }
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
        } catch let timedOut as TimedOut {
            printError(
                "the call to \(endpoint) got no answer within \(timedOut) (--timeout; the call may still finish "
                    + "on the server)")
            throw ExitCode(4)
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
    var description: String {
        seconds == seconds.rounded() && seconds < 1e9 ? "\(Int(seconds)) s" : "\(seconds) s"
    }
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
