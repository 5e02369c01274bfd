import JSONRPC
import Logging
import ServiceLifecycle
import Testing

/// Runs a TCP server over ``EngineHarness``'s methods on a free loopback port.
enum TCPServerHarness {
    /// Runs a server for the length of `body`, then shuts it down gracefully.
    ///
    /// - Parameters:
    ///   - configure: changes to the default configuration (line limit 4096, no authentication).
    ///   - drain: the shutdown policy for calls in hand.
    ///   - shutdownLimit: the service group's graceful-shutdown limit, after which it cancels the server.
    ///   - cancellationLimit: how long the group waits for the cancelled server before it stops the process.
    static func run(
        configure: (inout TCPServer.Configuration) -> Void = { _ in },
        drain: ShutdownDrain = ShutdownDrain(),
        shutdownLimit: Duration = .seconds(2),
        cancellationLimit: Duration = .seconds(5),
        logger: Logger = Logger(label: "test"),
        extra: [any RPCMethod] = [],
        _ body: @Sendable (_ port: Int, _ group: ServiceGroup) async throws -> Void
    ) async throws {
        let harness = EngineHarness(extra: extra, logger: logger, drain: drain)
        let bound = AsyncStream.makeStream(of: Int.self)
        var configuration = TCPServer.Configuration(
            host: "127.0.0.1", port: 0, maximumLineBytes: 4096, requiresAuthentication: false)
        configure(&configuration)
        let server = TCPServer(
            configuration: configuration, dispatcher: harness.dispatcher, logger: logger, drain: drain,
            onBound: { address in
                bound.continuation.yield(address.port ?? 0)
                bound.continuation.finish()
            })
        var groupConfiguration = ServiceGroupConfiguration(
            services: [server], gracefulShutdownSignals: [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = shutdownLimit
        groupConfiguration.maximumCancellationDuration = cancellationLimit
        let group = ServiceGroup(configuration: groupConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = bound.stream.makeAsyncIterator()
            let port = try #require(await ports.next())
            try await body(port, group)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
