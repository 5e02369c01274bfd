import NIOCore

/// Frames a TCP byte stream into ``LineFramer/Event``s inside a NIO pipeline.
final class LineFrameHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = LineFramer.Event

    private var framer: LineFramer
    private let activity: ConnectionActivity?

    /// - Parameter activity: told of each line read, so that a connection with lines waiting is not idle.
    init(maximumLineBytes: Int, activity: ConnectionActivity? = nil) {
        framer = LineFramer(maximumLineBytes: maximumLineBytes)
        self.activity = activity
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for event in framer.push(buffer.readableBytesView) {
            activity?.lineRead()
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
            activity?.lineRead()
            context.fireChannelRead(wrapInboundOut(event))
        }
    }
}

/// Sends a connection's outgoing messages through a NIO async channel's writer.
struct ChannelOutbound: RPCOutbound {
    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let channel: any Channel

    func send(_ message: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        buffer.writeInteger(UInt8(0x0A))
        if Task.isCancelled {
            // The async writer refuses writes from a cancelled task, but a stopping server still owes the
            // answer to a cancelled call: hand it to the channel directly, after everything written before. A
            // client that does not read it gets a grace, then the connection is closed.
            let deadline = channel.eventLoop.scheduleTask(in: TCPServer.cancelledFlushGrace) {
                channel.close(promise: nil)
            }
            defer { deadline.cancel() }
            try await channel.writeAndFlush(buffer).get()
        } else {
            try await writer.write(buffer)
        }
    }
}
