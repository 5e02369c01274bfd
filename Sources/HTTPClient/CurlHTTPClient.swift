import CCurl
import Synchronization

/// HTTP(S) through libcurl: one thread runs curl's multi interface, so many requests are in flight at once,
/// connections are reused, and awaiting tasks never block a thread.
///
/// TLS peers are verified against the system's CA store (libcurl's default, never turned off).
public final class CurlHTTPClient: HTTPTransport, Sendable {
    /// Tuning of the client.
    public struct Configuration: Sendable {
        /// Most connections kept open to one host.
        public var maximumConnectionsPerHost: Int
        /// Most idle connections kept for reuse in all.
        public var connectionCacheSize: Int
        /// The longest a connection may take to establish.
        public var connectTimeout: Duration
        /// The largest answer accepted; a larger one fails with ``HTTPTransportError/Kind/responseTooLarge``.
        public var maximumResponseBytes: Int

        public init(
            maximumConnectionsPerHost: Int = 64, connectionCacheSize: Int = 128,
            connectTimeout: Duration = .seconds(10), maximumResponseBytes: Int = 1 << 20
        ) {
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.connectionCacheSize = connectionCacheSize
            self.connectTimeout = connectTimeout
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    private let engine: CurlEngine

    /// Starts the client's thread.
    public init(configuration: Configuration = Configuration()) {
        engine = CurlEngine(configuration: configuration)
    }

    public func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let transfer = try CurlTransfer(
            request: request, connectTimeout: engine.configuration.connectTimeout,
            maximumBodyBytes: engine.configuration.maximumResponseBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                engine.submit(transfer)
            }
        } onCancel: {
            engine.cancel(transfer)
        }
    }

    /// Fails everything in flight and stops the thread.
    public func shutdown() {
        engine.shutdown()
    }

    deinit {
        engine.shutdown()
    }
}
