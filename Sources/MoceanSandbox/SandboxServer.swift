import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A local stand-in for the MoceanAPI gateway: serves its REST endpoints over HTTP/1.1 on loopback, sends
/// nothing, records what it accepts, and injects the faults it is told to.
///
/// A graceful shutdown stops accepting, lets each connection finish the request in hand, then closes it;
/// delivery reports not yet due are dropped.
public struct SandboxServer: Service, CustomStringConvertible {
    private let configuration: SandboxConfiguration
    private let logger: Logger
    private let onBound: @Sendable (Int) -> Void
    private let state: SandboxState
    private let deliveryReports = DeliveryReportQueue()

    /// Creates a sandbox; `onBound` is told the port once the socket listens.
    public init(
        configuration: SandboxConfiguration, logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onBound = onBound
        state = SandboxState(
            balance: Money(configuration.balance), pricePerPart: Money(configuration.pricePerPart),
            faults: configuration.faults, seed: configuration.seed ?? UInt64.random(in: .min ... .max))
    }

    /// `SandboxServer(127.0.0.1:0)`: where it listens, and nothing of its credentials.
    public var description: String { "SandboxServer(\(configuration.host):\(configuration.port))" }

    /// Every message accepted so far, oldest first.
    public func recordedMessages() async -> [RecordedMessage] {
        await state.recordedMessages
    }

    /// Listens until a graceful shutdown or cancellation, then closes every connection.
    ///
    /// - Throws: ``SandboxConfigurationError`` for unusable settings, or the error that kept the socket from
    ///   listening.
    public func run() async throws {
        try configuration.validate()
        let router = SandboxRouter(
            state: state, credentials: configuration.credentials, currency: configuration.currency,
            pricePerPart: Money(configuration.pricePerPart), deliveryReports: deliveryReports, logger: logger,
            store: StoreEndpoints(
                catalog: StoreCatalog(customerCount: configuration.store.customers),
                storeHash: configuration.store.hash,
                token: configuration.store.token, quota: configuration.store.quota))
        let connections = OpenConnections()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SandboxHTTPHandler(router: router))
                    connections.add(channel)
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        let port = listener.localAddress?.port ?? configuration.port
        logger.info("listening on \(describe(listener.localAddress))")
        onBound(port)
        let reporter = DeliveryReporter(
            state: state, delay: .milliseconds(configuration.deliveryReportDelayMilliseconds), logger: logger)
        await withDiscardingTaskGroup { group in
            group.addTask { await reporter.run(deliveryReports) }
            await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    try? await listener.closeFuture.get()
                } onGracefulShutdown: {
                    listener.close(promise: nil)
                }
                // The listener is closed: let each connection answer the request in hand, then close.
                await connections.quiesceAndWait()
            } onCancel: {
                listener.close(promise: nil)
                connections.closeAll()
            }
            group.cancelAll()
        }
        logger.info("sandbox stopped")
    }

    private func describe(_ address: SocketAddress?) -> String {
        let host = address?.ipAddress ?? configuration.host
        let port = address?.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
