import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Serves JSON-RPC over TCP: many connections at once, each an independent session of newline-delimited
/// messages.
///
/// A graceful shutdown stops accepting, lets each connection answer the request in hand, then closes.
public struct TCPServer: Service {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// The host to bind, e.g. `127.0.0.1`.
        public var host: String
        /// The port; 0 picks a free one (logged, and given to ``TCPServer/init(configuration:dispatcher:logger:onBound:)``'s callback).
        public var port: Int
        /// The longest request line accepted.
        public var maximumLineBytes: Int
        /// Whether clients must authenticate before any other call.
        public var requiresAuthentication: Bool

        public init(
            host: String, port: Int, maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes,
            requiresAuthentication: Bool
        ) {
            self.host = host
            self.port = port
            self.maximumLineBytes = maximumLineBytes
            self.requiresAuthentication = requiresAuthentication
        }
    }

    private let configuration: Configuration
    private let dispatcher: RPCDispatcher
    private let logger: Logger
    private let onBound: @Sendable (SocketAddress) -> Void

    /// Creates a server; `onBound` is told the address once the socket listens.
    public init(
        configuration: Configuration, dispatcher: RPCDispatcher, logger: Logger,
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        self.onBound = onBound
    }

    public func run() async throws {
        let maximumLineBytes = configuration.maximumLineBytes
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LineFrameHandler(maximumLineBytes: maximumLineBytes))
                    return try NIOAsyncChannel<LineFramer.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let address = server.channel.localAddress
        if let address {
            logger.info("listening on \(Self.describe(address))")
            onBound(address)
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    }
                } catch {
                    logger.error("accepting connections failed: \(error)")
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        logger.info("TCP server stopped")
    }

    private func serve(_ connection: NIOAsyncChannel<LineFramer.Event, ByteBuffer>) async {
        let channel = connection.channel
        let label = "tcp \(channel.remoteAddress.map(Self.describe) ?? "?")"
        logger.debug("connection opened", metadata: ["rpc.session": .string(label)])
        do {
            try await connection.executeThenClose { inbound, outbound in
                let sink = ChannelOutbound(writer: outbound, allocator: channel.allocator)
                let session = RPCSession(
                    label: label, requiresAuthentication: configuration.requiresAuthentication, outbound: sink)
                try await withGracefulShutdownHandler {
                    try await ConnectionLoop.serve(
                        inbound, dispatcher: dispatcher, session: session, outbound: sink,
                        maximumLineBytes: configuration.maximumLineBytes)
                } onGracefulShutdown: {
                    channel.close(mode: .input, promise: nil)
                }
            }
        } catch {
            logger.debug("connection ended: \(error)", metadata: ["rpc.session": .string(label)])
            return
        }
        logger.debug("connection closed", metadata: ["rpc.session": .string(label)])
    }

    /// `127.0.0.1:7700` or `[::1]:7700`.
    public static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
