import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

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
        /// How many connections may be open at once; further ones are closed as soon as they are accepted.
        public var maximumConnections: Int

        public init(
            host: String, port: Int, maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes,
            requiresAuthentication: Bool, maximumConnections: Int = 1024
        ) {
            self.host = host
            self.port = port
            self.maximumLineBytes = maximumLineBytes
            self.requiresAuthentication = requiresAuthentication
            self.maximumConnections = maximumConnections
        }
    }

    private let configuration: Configuration
    private let dispatcher: RPCDispatcher
    private let logger: Logger
    private let onBound: @Sendable (SocketAddress) -> Void
    /// How long a closing connection may take to hand its last answers to a slow reader.
    static let flushGrace = TimeAmount.seconds(5)

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
        // The accept loop runs in a task of its own that is never cancelled: cancelling the iteration of a
        // NIO server channel drops connections accepted but not yet handed out, and NIO traps on those. It
        // ends when the listener closes (graceful shutdown), and cancellation closes every connection too.
        let connections = ConnectionRegistry(limit: configuration.maximumConnections)
        let serving = Task { await acceptConnections(server, into: connections) }
        let acceptFailed = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await serving.value
            } onGracefulShutdown: {
                server.channel.close(promise: nil)
            }
        } onCancel: {
            server.channel.close(promise: nil)
            connections.closeAll()
        }
        if acceptFailed { throw AcceptFailed() }
        logger.info("TCP server stopped")
    }

    /// The listening socket failed; the server stopped accepting connections.
    public struct AcceptFailed: Error, CustomStringConvertible {
        public var description: String { "the TCP listener failed and stopped accepting connections" }
    }

    /// Serves each accepted connection in a task of its own until the listener closes; returns whether
    /// accepting failed.
    private func acceptConnections(
        _ server: NIOAsyncChannel<NIOAsyncChannel<LineFramer.Event, ByteBuffer>, Never>,
        into connections: ConnectionRegistry
    ) async -> Bool {
        await withDiscardingTaskGroup { group -> Bool in
            do {
                try await server.executeThenClose { accepted in
                    for try await connection in accepted {
                        guard connections.open(connection.channel) else {
                            logger.warning(
                                "refusing a connection: \(configuration.maximumConnections) are open already")
                            // Through executeThenClose, which finishes the channel's writer as NIO requires.
                            group.addTask { try? await connection.executeThenClose { _, _ in } }
                            continue
                        }
                        group.addTask {
                            await serve(connection)
                            connections.remove(connection.channel)
                        }
                    }
                }
            } catch {
                logger.error("accepting connections failed: \(error)")
                return true
            }
            return false
        }
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
                        maximumLineBytes: configuration.maximumLineBytes, refusesHTTP: true)
                } onGracefulShutdown: {
                    channel.close(mode: .input, promise: nil)
                }
                try await Self.flush(channel)
            }
        } catch {
            logger.debug("connection ended: \(error)", metadata: ["rpc.session": .string(label)])
            return
        }
        logger.debug("connection closed", metadata: ["rpc.session": .string(label)])
    }

    /// Waits until every answer written so far has reached the socket, so closing loses none; a client that
    /// stops reading gets ``flushGrace`` before the connection is closed regardless.
    private static func flush(_ channel: any Channel) async throws {
        let deadline = channel.eventLoop.scheduleTask(in: flushGrace) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).get()
    }

    /// `127.0.0.1:7700` or `[::1]:7700`.
    public static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// The open connections, so that they can be counted against a limit and all closed at once.
private final class ConnectionRegistry: Sendable {
    private let limit: Int
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Records `channel` if the limit allows one more connection.
    func open(_ channel: any Channel) -> Bool {
        channels.withLock { open in
            guard open.count < limit else { return false }
            open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every open connection; each one's loop then ends as if the client had left.
    func closeAll() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.close(promise: nil)
        }
    }
}
