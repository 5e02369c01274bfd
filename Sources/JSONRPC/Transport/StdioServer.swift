import Logging
import ServiceLifecycle
import Synchronization

/// Serves JSON-RPC over stdin and stdout: one message per line each way.
///
/// Returns once stdin ends and every request read has been answered. On a graceful shutdown it stops
/// reading: the request in hand finishes (or is cancelled when ``ShutdownDrain/grace`` runs out) and the
/// requests the client had sent already are answered with -32004 without running. stdout carries nothing
/// but responses; logs go elsewhere.
public struct StdioServer: Service {
    private let dispatcher: RPCDispatcher
    private let maximumLineBytes: Int
    private let logger: Logger
    private let input: Int32
    private let output: Int32
    private let drain: ShutdownDrain

    /// Creates a server reading `input` and writing `output` (stdin and stdout by default).
    public init(
        dispatcher: RPCDispatcher,
        maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes,
        logger: Logger,
        input: Int32 = 0,
        output: Int32 = 1,
        drain: ShutdownDrain = ShutdownDrain()
    ) {
        self.drain = drain
        self.dispatcher = dispatcher
        self.maximumLineBytes = maximumLineBytes
        self.logger = logger
        self.input = input
        self.output = output
    }

    public func run() async throws {
        let outbound = FileDescriptorOutbound(descriptor: output)
        let session = RPCSession(label: "stdio", requiresAuthentication: false, outbound: outbound)
        let events = StdinEvents(descriptor: input, maximumLineBytes: maximumLineBytes)
        logger.debug("serving JSON-RPC on stdin/stdout")
        let gracePeriod = Mutex<Task<Void, Never>?>(nil)
        defer { gracePeriod.withLock { $0?.cancel() } }
        do {
            try await withGracefulShutdownHandler {
                try await ConnectionLoop.serve(
                    events, dispatcher: dispatcher, session: session, outbound: outbound,
                    maximumLineBytes: maximumLineBytes, drain: drain)
            } onGracefulShutdown: { [drain] in
                events.stop()
                gracePeriod.withLock { $0 = drain.startGracePeriod() }
            }
        } catch let closed as FileDescriptorOutbound.Closed {
            logger.info("stdout closed (errno \(closed.errorNumber)); stopping")
        } catch is CancellationError {
            logger.warning("stopped before every answer was written to stdout")
        }
        logger.debug("stdin ended; stdio server done")
    }
}
