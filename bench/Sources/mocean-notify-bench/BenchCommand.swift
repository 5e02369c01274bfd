import Foundation

/// `mocean-notify-bench`: the measuring tools behind `bench/run`. Not part of the service.
///
///     mocean-notify-bench echo-server [PORT]
///     mocean-notify-bench tcp NAME PORT CONNECTIONS REQUESTS_PER_CONNECTION WINDOW
///     mocean-notify-bench stdio BINARY REQUESTS WINDOW
///     mocean-notify-bench startup BINARY RUNS
///     mocean-notify-bench gateway BASE_URL API_KEY API_SECRET MESSAGES IN_FLIGHT
///     mocean-notify-bench phones CASES_JSONL COUNT
///     mocean-notify-bench events NAME SERVICE_PORT SERVICE_PID SANDBOX_URL EVENTS ADMIN_NUMBERS CONNECTIONS WINDOW RATE
///     mocean-notify-bench outbox NAME SERVICE_PORT SERVICE_PID SANDBOX_URL EVENTS
///     mocean-notify-bench memory NAME PID
///     mocean-notify-bench history-… (see HistoryLoad.command)
///
/// Each measurement prints one JSON object on stdout.
@main
enum BenchCommand {
    static func main() async throws {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        func integer(_ index: Int) throws -> Int {
            guard index < arguments.count, let value = Int(arguments[index]) else {
                throw BenchFailure("argument \(index + 1) must be a whole number")
            }
            return value
        }
        let result: LoadResult
        switch arguments.first {
        case let mode? where mode.hasPrefix("history-"):
            try HistoryLoad.command(arguments)
            return
        case "echo-server":
            try await EchoServer.run(port: arguments.count > 1 ? try integer(1) : 0)
            return
        case "tcp" where arguments.count == 6:
            result = try TCPLoad.run(
                name: arguments[1], port: try integer(2), connections: try integer(3),
                requestsPerConnection: try integer(4), window: try integer(5))
        case "stdio" where arguments.count == 4:
            result = try StdioLoad.run(binary: arguments[1], requests: try integer(2), window: try integer(3))
        case "startup" where arguments.count == 3:
            result = try StdioLoad.startup(binary: arguments[1], runs: try integer(2))
        case "phones" where arguments.count == 3:
            let phones = try PhoneLoad.run(casesFile: arguments[1], count: try integer(2))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(phones), as: UTF8.self))
            return
        case "gateway" where arguments.count == 6:
            let gateway = try await GatewayLoad.run(
                baseURL: arguments[1], key: arguments[2], secret: arguments[3], messages: try integer(4),
                inFlight: try integer(5))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(gateway), as: UTF8.self))
            return
        case "events" where arguments.count == 10:
            let events = try EventsLoad.run(
                name: arguments[1], servicePort: try integer(2), servicePID: try integer(3), sandboxURL: arguments[4],
                events: try integer(5), adminNumbers: try integer(6), connections: try integer(7),
                window: try integer(8), ratePerSecond: Double(try integer(9)))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(events), as: UTF8.self))
            return
        case "outbox" where arguments.count == 6:
            let outbox = try EventsLoad.queuedFirst(
                name: arguments[1], servicePort: try integer(2), servicePID: try integer(3), sandboxURL: arguments[4],
                events: try integer(5))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(outbox), as: UTF8.self))
            return
        case "memory" where arguments.count == 3:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let memory = try MemoryResult(name: arguments[1], pid: try integer(2))
            print(String(decoding: try encoder.encode(memory), as: UTF8.self))
            return
        default:
            FileHandle.standardError.write(Data("usage: see the comment at the top of BenchCommand.swift\n".utf8))
            exit(64)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
