import Logging
import ServiceLifecycle

/// Serves JSON-RPC over stdin and stdout: one message per line each way.
///
/// Returns once stdin ends and every request read has been answered, or after a graceful shutdown has let
/// the request in hand finish. stdout carries nothing but responses; logs go elsewhere.
public struct StdioServer: Service {
    private let dispatcher: RPCDispatcher
    private let maximumLineBytes: Int
    private let logger: Logger
    private let input: Int32
    private let output: Int32

    /// Creates a server reading `input` and writing `output` (stdin and stdout by default).
    public init(
        dispatcher: RPCDispatcher,
        maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes,
        logger: Logger,
        input: Int32 = 0,
        output: Int32 = 1
    ) {
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
        do {
            try await withGracefulShutdownHandler {
                try await ConnectionLoop.serve(
                    events, dispatcher: dispatcher, session: session, outbound: outbound,
                    maximumLineBytes: maximumLineBytes)
            } onGracefulShutdown: {
                events.stop()
            }
        } catch let closed as FileDescriptorOutbound.Closed {
            logger.info("stdout closed (errno \(closed.errorNumber)); stopping")
        }
        logger.debug("stdin ended; stdio server done")
    }
}
