import Foundation
import Logging
import MCP
import NotifierRPC
import ServiceLifecycle

/// The Model Context Protocol over stdin and stdout (newline-delimited JSON-RPC, as editors launch a server):
/// `initialize`, `ping`, `tools/list` and `tools/call` over ``MCPToolCalls``, with `notifications/progress`
/// for calls that report it. Nothing but MCP messages goes to stdout.
///
/// It ends when stdin ends, once the calls in hand are answered (or `grace` runs out), and at a graceful
/// shutdown of its group.
public struct MCPStdioServer: Service {
    let calls: MCPToolCalls
    let instructions: String
    let grace: Duration
    let maximumLineBytes: Int
    let logger: Logger

    /// - Parameters:
    ///   - instructions: what the server tells the assistant of itself at `initialize`.
    ///   - grace: how long the calls in hand may take once stdin has ended or the service stops.
    ///   - maximumLineBytes: the longest request line read; longer ones are dropped, and logged.
    public init(
        calls: MCPToolCalls, instructions: String, grace: Duration, maximumLineBytes: Int, logger: Logger
    ) {
        self.maximumLineBytes = maximumLineBytes
        self.calls = calls
        self.instructions = instructions
        self.grace = grace
        self.logger = logger
    }

    public func run() async throws {
        let server = Server(
            name: "mocean-notify", version: ServiceVersion.current, title: "MoceanAPI SMS Notification",
            instructions: instructions, capabilities: .init(tools: .init(listChanged: false)))
        let transport = MCPStdioTransport(maximumLineBytes: maximumLineBytes, logger: logger)
        let tools = calls.catalog.tools
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { [calls] params in
            let token = params._meta?.progressToken
            return try await calls.call(params) { progress in
                guard let token else { return }
                try? await server.notify(
                    ProgressNotification.message(
                        .init(
                            progressToken: token, progress: progress.progress, total: progress.total,
                            message: progress.message)))
            }
        }
        try await server.start(transport: transport)
        logger.info("serving MCP on stdin/stdout: \(tools.count) tools")
        await withGracefulShutdownHandler {
            await server.waitUntilCompleted()
        } onGracefulShutdown: { [grace] in
            // The calls in hand get the grace (those that wait on others are cancelled by the drain and
            // answered), then the transport closes, which ends the wait above.
            Task {
                await Self.drain(transport, within: grace)
                await server.stop()
            }
        }
        // Stdin ended, or the service stops: the library answers each request from a task of its own, so the
        // answers still due are written before the transport closes.
        await Self.drain(transport, within: grace)
        await server.stop()
        logger.info("MCP session ended")
    }
}

extension MCPStdioServer {
    /// Returns once every request read has its answer written, or when `grace` has run out.
    static func drain(_ transport: MCPStdioTransport, within grace: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while await transport.unanswered > 0, clock.now < deadline {
            guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return }
        }
    }
}

extension MCPStdioServer: CustomStringConvertible {
    /// A short name for the service group's logs (the catalog's schemas would take long to print).
    public var description: String { "MCPStdioServer(\(calls.catalog.entries.count) tools)" }
}
