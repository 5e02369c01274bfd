import HTTPClient
import Logging
import MoceanAPI
import MoceanSandbox
import ServiceLifecycle
import Testing

/// Runs an in-process sandbox on a free loopback port for the length of `body`.
func withSandbox(
    _ configuration: SandboxConfiguration = SandboxConfiguration(seed: 7),
    _ body: @Sendable (_ baseURL: String, _ sandbox: SandboxServer) async throws -> Void
) async throws {
    let ports = AsyncStream.makeStream(of: Int.self)
    let sandbox = SandboxServer(
        configuration: configuration, logger: Logger(label: "sandbox"),
        onBound: { port in
            ports.continuation.yield(port)
            ports.continuation.finish()
        })
    let group = ServiceGroup(
        configuration: .init(services: [sandbox], gracefulShutdownSignals: [], logger: Logger(label: "sandbox")))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body("http://127.0.0.1:\(port)", sandbox)
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// A client of the sandbox with its default credentials.
func sandboxClient(
    _ baseURL: String, http: CurlHTTPClient,
    credentials: MoceanConfiguration.Credentials = .keyAndSecret(key: "sandbox-key", secret: "sandbox-secret"),
    timeout: Duration = .seconds(10)
) -> MoceanClient {
    MoceanClient(
        configuration: MoceanConfiguration(baseURL: baseURL, credentials: credentials, timeout: timeout),
        transport: http, logger: Logger(label: "test"))
}
