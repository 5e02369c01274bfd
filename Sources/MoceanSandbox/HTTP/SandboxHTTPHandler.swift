import NIOCore
import NIOHTTP1

/// Reads each HTTP request of a connection in full, has the router answer it, and writes the answer, keeping
/// the connection open for the next request unless the client asked to close.
///
/// The pipelining handler in front of it passes one request at a time, so answers go out in order. An
/// injected latency schedules the write on the event loop, which keeps serving other connections meanwhile.
final class SandboxHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The largest request body accepted; a larger one gets 413 and the connection closes.
    static let maximumBodyBytes = 1 << 20

    private let router: SandboxRouter
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    private var isActive = true

    init(router: SandboxRouter) {
        self.router = router
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            bodyTooLarge = false
            // curl asks before sending a large body and would otherwise wait a second for leave to go on.
            if head.version == .http1_1, head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: .http1_1, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(let chunk):
            if body.count + chunk.readableBytes > Self.maximumBodyBytes {
                bodyTooLarge = true
                body = []
            } else if !bodyTooLarge {
                body.append(contentsOf: chunk.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = head.isKeepAlive && !bodyTooLarge
        if bodyTooLarge {
            write(.text("Payload Too Large", status: 413), keepAlive: false, context: context)
            return
        }
        let request = SandboxRequest(
            method: head.method.rawValue, uri: head.uri, authorization: head.headers.first(name: "authorization"),
            authToken: head.headers.first(name: "x-auth-token"),
            body: body)
        body = []
        let router = router
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask { await router.respond(to: request) }.whenSuccess { response in
            let (handler, context) = bound.value
            guard response.delayMilliseconds > 0 else {
                handler.write(response, keepAlive: keepAlive, context: context)
                return
            }
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(response.delayMilliseconds))) {
                let (handler, context) = bound.value
                handler.write(response, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(_ response: SandboxResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard isActive else { return }
        if response.drops {
            context.close(promise: nil)
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
