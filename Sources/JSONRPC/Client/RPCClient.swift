import NIOCore
import NIOPosix

/// A JSON-RPC client over one TCP connection: sends requests and reads answers in order.
///
/// Messages the server sends of its own (notifications) are kept apart in ``notifications``, so they are
/// never taken for a response. Use it from one task at a time.
public final class RPCClient {
    /// Why a call did not get an answer.
    public enum Failure: Error, CustomStringConvertible {
        /// No connection could be made (refused, unreachable, unknown host).
        case cannotConnect(String)
        /// The server closed the connection before answering.
        case connectionClosed
        /// The server sent something that is not a JSON-RPC response.
        case malformedResponse(String)

        public var description: String {
            switch self {
            case .cannotConnect(let reason): "cannot connect: \(reason)"
            case .connectionClosed: "the server closed the connection"
            case .malformedResponse(let text): "the server sent a malformed response: \(text)"
            }
        }
    }

    private var inbound: NIOAsyncChannelInboundStream<LineFramer.Event>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var nextID = 1
    /// Notifications received from the server so far, oldest first.
    public private(set) var notifications: [JSONValue] = []

    private init(
        inbound: NIOAsyncChannelInboundStream<LineFramer.Event>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to `host:port`, runs `body` with a client, then closes the connection.
    public static func withConnection<Result: Sendable>(
        host: String, port: Int, maximumLineBytes: Int = 64 << 20,
        _ body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        let channel: NIOAsyncChannel<LineFramer.Event, ByteBuffer>
        do {
            channel = try await connect(host: host, port: port, maximumLineBytes: maximumLineBytes)
        } catch {
            throw Failure.cannotConnect(Self.reason(error))
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RPCClient(inbound: inbound, outbound: outbound))
        }
    }

    /// Why connecting failed, in words: `Connection refused (errno 111)`, `the name was not found`.
    private static func reason(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return SystemErrorText.describe(first.error)
            }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return "the host name \"\(connection.host)\" could not be resolved"
            }
        }
        return SystemErrorText.describe(error)
    }

    private static func connect(
        host: String, port: Int, maximumLineBytes: Int
    ) async throws -> NIOAsyncChannel<LineFramer.Event, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LineFrameHandler(maximumLineBytes: maximumLineBytes))
                    return try NIOAsyncChannel<LineFramer.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Sends one raw line (a newline is added).
    public func send(line: some Sequence<UInt8>) async throws {
        var buffer = ByteBuffer()
        buffer.writeBytes(line)
        buffer.writeInteger(UInt8(0x0A))
        try await outbound.write(buffer)
    }

    /// Sends one message.
    public func send(_ message: JSONValue) async throws {
        try await send(line: JSONWriter.serialize(message))
    }

    /// Reads the next message of any kind, or nil when the server closed the connection.
    public func receive() async throws -> JSONValue? {
        while let event = try await inbound.next() {
            switch event {
            case .line(let bytes):
                do {
                    return try JSONParser.parse(bytes)
                } catch {
                    throw Failure.malformedResponse(String(decoding: bytes.prefix(200), as: UTF8.self))
                }
            case .oversized(let count, _):
                throw Failure.malformedResponse("a line of \(count) bytes")
            }
        }
        return nil
    }

    /// Reads messages until a response (not a notification) arrives.
    public func receiveResponse() async throws -> JSONValue {
        while let message = try await receive() {
            if case .object(let object) = message, object["method"] != nil, !object.contains("id") {
                notifications.append(message)
                continue
            }
            return message
        }
        throw Failure.connectionClosed
    }

    /// Calls `method` and returns its result.
    ///
    /// - Throws: ``RPCError`` when the server answers with an error; ``Failure`` when it does not answer.
    public func call(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        let id = JSONValue.number(JSONNumber(nextID))
        nextID += 1
        try await send(RPCMessages.request(method: method, params: params, id: id))
        let response = try await receiveResponse()
        guard case .object(let object) = response, object["id"] == id else {
            throw Failure.malformedResponse(response.description)
        }
        if let result = object["result"] { return result }
        guard case .object(let error)? = object["error"], case .number(let code)? = error["code"],
            let codeValue = code.integer(as: Int.self)
        else { throw Failure.malformedResponse(response.description) }
        throw RPCError(code: codeValue, message: error["message"]?.stringValue ?? "", data: error["data"])
    }

    /// Sends a notification: no answer will come.
    public func notify(_ method: String, params: JSONValue? = nil) async throws {
        try await send(RPCMessages.notification(method: method, params: params))
    }
}
