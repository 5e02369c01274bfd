import Hummingbird
import NIOCore

/// What answers a request once it is read in full: the transport-free handler of an endpoint.
typealias SandboxHandler = @Sendable (SandboxRequest) async -> SandboxResponse

/// Runs a ``SandboxHandler`` for a Hummingbird request: reads the body, waits out the injected latency, and
/// writes the answer, or closes the connection without one when the handler drops it.
enum SandboxResponder {
    /// The largest request body accepted; a larger one is read to its end, answered 413, and its connection
    /// closed.
    static let maximumBodyBytes = 1 << 20

    /// Thrown once a dropped request's connection is closed, so that nothing is written to it.
    struct ConnectionDropped: Error {}

    static func answer(
        _ request: Request, context: SandboxRequestContext, with handler: SandboxHandler
    ) async throws -> Response {
        let keepAlive = request.headers[.connection] != "close"
        guard let body = try await readBody(request) else {
            // The state handler closes the connection once this answer is written.
            context.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            return SandboxResponse.text("Payload Too Large", status: 413).hummingbirdResponse(keepAlive: false)
        }
        var parameters: [String: String] = [:]
        for (name, value) in context.parameters { parameters[String(name)] = String(value) }
        let answer = await handler(
            SandboxRequest(
                method: request.method.rawValue, uri: request.uri.string,
                authorization: request.headers[.authorization], authToken: request.headers[authTokenField],
                body: body, routeParameters: parameters))
        if answer.delayMilliseconds > 0 {
            // Other connections are served meanwhile; a cancelled wait answers at once.
            try? await Task.sleep(for: .milliseconds(answer.delayMilliseconds))
        }
        guard !answer.drops else {
            // Closed before a byte of the answer is written: the client sees the connection end unanswered.
            try? await context.channel.close()
            throw ConnectionDropped()
        }
        return answer.hummingbirdResponse(keepAlive: keepAlive)
    }

    /// `X-Auth-Token`, the store API's credential.
    private static let authTokenField = HTTPFields.fieldName("X-Auth-Token")!

    /// The whole body, or nil when it is larger than ``maximumBodyBytes`` (read to its end all the same, so
    /// that the answer reaches a client still sending).
    private static func readBody(_ request: Request) async throws -> [UInt8]? {
        var body: [UInt8] = []
        var tooLarge = false
        for try await buffer in request.body {
            if tooLarge { continue }
            if buffer.readableBytes > maximumBodyBytes - body.count {
                tooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        }
        return tooLarge ? nil : body
    }
}

extension SandboxResponse {
    /// The answer as Hummingbird writes it, saying whether the connection stays open.
    func hummingbirdResponse(keepAlive: Bool) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.connection] = keepAlive ? "keep-alive" : "close"
        for (name, value) in headers {
            if let name = HTTPFields.fieldName(name) { fields[values: name].append(value) }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPFields {
    /// The field name `name`, or nil when it is not a valid token. (HTTPTypes' `HTTPField.Name`, which
    /// Hummingbird does not export by name.)
    static func fieldName(_ name: String) -> Element.Name? {
        .init(name)
    }
}
