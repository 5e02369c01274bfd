import Foundation
import JSONRPC
import NIOCore
import NIOPosix

/// A plain newline echo over the same NIO sockets and line framing as the service: each line comes back
/// as it went in, answered on the event loop with no JSON and no tasks. Its rate is the ceiling for the
/// service's own.
enum EchoServer {
    /// Listens on 127.0.0.1:`port`, prints `listening on 127.0.0.1:PORT` and serves until killed.
    static func run(port: Int, maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LineEchoHandler(maximumLineBytes: maximumLineBytes))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        // Written unbuffered: the bench script waits for this line.
        FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(channel.localAddress?.port ?? 0)\n".utf8))
        try await channel.closeFuture.get()
    }
}

/// Frames lines as the service does and writes each one straight back, flushing once per read.
final class LineEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var framer: LineFramer

    init(maximumLineBytes: Int) {
        framer = LineFramer(maximumLineBytes: maximumLineBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        var output = context.channel.allocator.buffer(capacity: buffer.readableBytes)
        for event in framer.push(buffer.readableBytesView) {
            if case .line(let bytes) = event {
                output.writeBytes(bytes)
                output.writeInteger(UInt8(0x0A))
            }
        }
        context.writeAndFlush(wrapOutboundOut(output), promise: nil)
    }
}
