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
        /// How many connections may be open at once; further ones are closed as soon as they are accepted,
        /// unless an unauthenticated one can be closed to make room.
        public var maximumConnections: Int
        /// How many of them may be waiting to authenticate (when authentication is required); the oldest is
        /// closed to make room for a new one.
        public var maximumUnauthenticatedConnections: Int
        /// How long a connection may stay without a request in hand, reading nothing and sent nothing,
        /// before it is closed; nil for never.
        public var idleTimeout: Duration?
        /// How long a connection may take to authenticate (when authentication is required).
        public var authenticationTimeout: Duration
        /// Once the server is cancelled: when connections without a call in hand are closed, and when every
        /// connection still open is (keep it inside the service group's cancellation limit).
        public var cancelledCloseQuietDelay: Duration = .seconds(1)
        public var cancelledCloseAllDelay: Duration = .milliseconds(3500)

        public init(
            host: String, port: Int, maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes,
            requiresAuthentication: Bool, maximumConnections: Int = 1024, maximumUnauthenticatedConnections: Int = 64,
            idleTimeout: Duration? = .seconds(300), authenticationTimeout: Duration = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.maximumLineBytes = maximumLineBytes
            self.requiresAuthentication = requiresAuthentication
            self.maximumConnections = maximumConnections
            self.maximumUnauthenticatedConnections = maximumUnauthenticatedConnections
            self.idleTimeout = idleTimeout
            self.authenticationTimeout = authenticationTimeout
        }
    }

    private let configuration: Configuration
    private let dispatcher: RPCDispatcher
    private let logger: Logger
    private let onBound: @Sendable (SocketAddress) -> Void
    private let drain: ShutdownDrain
    /// How long a closing connection may take to hand its last answers to a slow reader.
    static let flushGrace = TimeAmount.seconds(5)
    /// How long a connection must have been quiet, once a graceful shutdown begins, before it stops reading.
    static let inputGrace = TimeAmount.milliseconds(100)
    /// The same once the server is being cancelled, when little time is left.
    static let cancelledFlushGrace = TimeAmount.seconds(1)

    /// Creates a server; `onBound` is told the address once the socket listens.
    ///
    /// - Parameter drain: what happens to calls in hand when the service stops (shared with other transports
    ///   so that one count of unanswered requests covers them all).
    public init(
        configuration: Configuration, dispatcher: RPCDispatcher, logger: Logger, drain: ShutdownDrain = ShutdownDrain(),
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        self.drain = drain
        self.onBound = onBound
    }

    public func run() async throws {
        let maximumLineBytes = configuration.maximumLineBytes
        let idleTimeout = configuration.idleTimeout.map(TimeAmount.init)
        let server: NIOAsyncChannel<NIOAsyncChannel<LineFramer.Event, ByteBuffer>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let activity = ConnectionActivity()
                        if let idleTimeout {
                            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                            try channel.pipeline.syncOperations.addHandler(IdleCloser(activity: activity))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            LineFrameHandler(maximumLineBytes: maximumLineBytes, activity: activity))
                        try channel.pipeline.syncOperations.addHandler(ActivityHolder(activity: activity))
                        return try NIOAsyncChannel<LineFramer.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw BindFailed(address: "\(configuration.host):\(configuration.port)", underlying: error)
        }
        let address = server.channel.localAddress
        if let address {
            logger.info("listening on \(Self.describe(address))")
            onBound(address)
        }
        // The accept loop runs in a task of its own that is never cancelled: cancelling the iteration of a
        // NIO server channel drops connections accepted but not yet handed out, and NIO traps on those. It
        // ends when the listener closes (graceful shutdown), and cancellation closes every connection too.
        let connections = ConnectionRegistry(
            limit: configuration.maximumConnections,
            unauthenticatedLimit: configuration.requiresAuthentication
                ? configuration.maximumUnauthenticatedConnections : configuration.maximumConnections)
        let serving = Task { await acceptConnections(server, into: connections) }
        let gracePeriod = Mutex<Task<Void, Never>?>(nil)
        defer { gracePeriod.withLock { $0?.cancel() } }
        let acceptFailed = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await serving.value
            } onGracefulShutdown: {
                server.channel.close(promise: nil)
                gracePeriod.withLock { $0 = drain.startGracePeriod() }
            }
        } onCancel: {
            // Calls in hand are cancelled and answered; each connection closes once its answers are written, or
            // ``cancelledFlushGrace`` after they were handed to a client that does not read. The nets for those
            // still open: from `cancelledCloseQuietDelay`, every connection without a call in hand is closed
            // (a client that never reads); one whose call has not answered yet is left to answer, however long
            // a loaded machine takes, until `cancelledCloseAllDelay`, inside the service group's cancellation
            // limit past which the process is stopped.
            server.channel.close(promise: nil)
            drain.cancelRunningCalls()
            connections.cancelAll()
            let eventLoop = server.channel.eventLoop
            let quiet = eventLoop.scheduleRepeatedTask(
                initialDelay: TimeAmount(configuration.cancelledCloseQuietDelay), delay: .milliseconds(100)
            ) { task in
                if connections.close(all: false) == 0 { task.cancel() }
            }
            eventLoop.scheduleTask(in: TimeAmount(configuration.cancelledCloseAllDelay)) {
                quiet.cancel()
                connections.close(all: true)
            }
        }
        if acceptFailed { throw AcceptFailed() }
        logger.info("TCP server stopped")
    }

    /// The listening socket failed; the server stopped accepting connections.
    public struct AcceptFailed: Error, CustomStringConvertible {
        public var description: String { "the TCP listener failed and stopped accepting connections" }
    }

    /// The address could not be listened on.
    public struct BindFailed: Error, CustomStringConvertible {
        /// `HOST:PORT` as configured.
        public let address: String
        public let underlying: any Error

        public var description: String {
            "cannot listen on \(address): \(SystemErrorText.describe(underlying))"
        }
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
                        let admission = connections.open(
                            connection.channel, authenticated: !configuration.requiresAuthentication)
                        guard case .admitted(let evicted) = admission else {
                            logger.warning(
                                "refusing a connection: \(configuration.maximumConnections) authenticated ones are open already"
                            )
                            // Through executeThenClose, which finishes the channel's writer as NIO requires.
                            group.addTask { try? await connection.executeThenClose { _, _ in } }
                            continue
                        }
                        if let evicted {
                            logger.notice("closing the oldest connection that has not authenticated, to make room")
                            evicted.close(promise: nil)
                        }
                        group.addTask {
                            // A task of its own, so that cancelling the server can cancel it (the accept loop's
                            // task is never cancelled).
                            let work = Task { await serve(connection, registry: connections) }
                            connections.attach(connection.channel) { work.cancel() }
                            await withTaskCancellationHandler {
                                await work.value
                            } onCancel: {
                                work.cancel()
                            }
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

    private func serve(
        _ connection: NIOAsyncChannel<LineFramer.Event, ByteBuffer>, registry: ConnectionRegistry
    ) async {
        let channel = connection.channel
        let label = "tcp \(channel.remoteAddress.map(Self.describe) ?? "?")"
        logger.debug("connection opened", metadata: ["rpc.session": .string(label)])
        let activity = try? await channel.pipeline.handler(type: ActivityHolder.self).get().activity
        registry.track(channel, activity: activity)
        do {
            try await connection.executeThenClose { inbound, outbound in
                let sink = ChannelOutbound(writer: outbound, channel: channel)
                let session = RPCSession(
                    label: label, requiresAuthentication: configuration.requiresAuthentication, outbound: sink,
                    peerAddress: channel.remoteAddress?.ipAddress,
                    onAuthenticated: { registry.markAuthenticated(channel) })
                let authenticationDeadline = scheduleAuthenticationDeadline(for: session, on: channel)
                defer { authenticationDeadline?.cancel() }
                try await withGracefulShutdownHandler {
                    try await ConnectionLoop.serve(
                        inbound, dispatcher: dispatcher, session: session, outbound: sink,
                        maximumLineBytes: configuration.maximumLineBytes, drain: drain, refusesHTTP: true,
                        activity: activity)
                } onGracefulShutdown: {
                    Self.closeInputWhenQuiet(channel, activity: activity)
                }
                try await Self.flush(channel, grace: Task.isCancelled ? Self.cancelledFlushGrace : Self.flushGrace)
            }
        } catch {
            logger.debug("connection ended: \(error)", metadata: ["rpc.session": .string(label)])
            return
        }
        logger.debug("connection closed", metadata: ["rpc.session": .string(label)])
    }

    /// Stops reading a connection once the service is stopping and the connection is quiet: no line in hand or
    /// waiting, and none read for ``inputGrace``. Lines the client sent before (which may still sit in the
    /// socket while the call in hand finishes) are read and answered with -32004 rather than dropped.
    private static func closeInputWhenQuiet(_ channel: any Channel, activity: ConnectionActivity?) {
        guard let activity else {
            channel.close(mode: .input, promise: nil)
            return
        }
        _ = activity.isQuietSinceLastCheck()
        channel.eventLoop.scheduleRepeatedTask(initialDelay: inputGrace, delay: inputGrace) { task in
            guard activity.isQuietSinceLastCheck() else { return }
            task.cancel()
            channel.close(mode: .input, promise: nil)
        }
    }

    /// Closes a connection that has not authenticated within the configured time.
    private func scheduleAuthenticationDeadline(for session: RPCSession, on channel: any Channel) -> Scheduled<Void>? {
        guard configuration.requiresAuthentication else { return nil }
        let logger = logger
        return channel.eventLoop.scheduleTask(in: TimeAmount(configuration.authenticationTimeout)) {
            guard !session.hasAuthenticated else { return }
            logger.debug(
                "closing a connection that did not authenticate in time",
                metadata: ["rpc.session": .string(session.label)])
            channel.close(promise: nil)
        }
    }

    /// Waits until every answer written so far has reached the socket, so closing loses none; a client that
    /// stops reading gets `grace` before the connection is closed regardless.
    ///
    /// Cancelled while it waits (the group's grace ran out), the client gets ``cancelledFlushGrace`` from then,
    /// not what is left of `grace`: a future's wait does not end by itself when its task is cancelled.
    private static func flush(_ channel: any Channel, grace: TimeAmount) async throws {
        let deadline = channel.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await withTaskCancellationHandler {
            try await channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).get()
        } onCancel: {
            channel.eventLoop.scheduleTask(in: cancelledFlushGrace) { channel.close(promise: nil) }
        }
    }

    /// `127.0.0.1:7700` or `[::1]:7700`.
    public static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
