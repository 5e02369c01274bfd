import NIOCore

/// Frames a TCP byte stream into ``LineFramer/Event``s inside a NIO pipeline.
final class LineFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = LineFramer.Event

    private var framer: LineFramer

    init(maximumLineBytes: Int) {
        framer = LineFramer(maximumLineBytes: maximumLineBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for event in framer.push(buffer.readableBytesView) {
            context.fireChannelRead(wrapInboundOut(event))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            flushLastLine(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    // A connection that ends without closing its input first (a reset) drops its unfinished line: nobody
    // is left to read the answer, and half a request must not run.

    private func flushLastLine(context: ChannelHandlerContext) {
        for event in framer.finish() {
            context.fireChannelRead(wrapInboundOut(event))
        }
    }
}

/// Sends a connection's outgoing messages through a NIO async channel's writer.
struct ChannelOutbound: RPCOutbound {
    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let allocator: ByteBufferAllocator

    func send(_ message: [UInt8]) async throws {
        var buffer = allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        buffer.writeInteger(UInt8(0x0A))
        try await writer.write(buffer)
    }
}
