import NIOCore

/// Closes a connection that stayed idle (nothing read, nothing written) for the idle timeout while it had
/// no line waiting or in hand. `IdleStateHandler` just before it tells it when the time has passed.
final class IdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let activity: ConnectionActivity

    init(activity: ConnectionActivity) {
        self.activity = activity
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all, !activity.isBusy {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// Keeps a connection's ``ConnectionActivity`` in its pipeline, where the task serving it finds it.
final class ActivityHolder: ChannelInboundHandler, Sendable {
    typealias InboundIn = LineFramer.Event

    let activity: ConnectionActivity

    init(activity: ConnectionActivity) {
        self.activity = activity
    }
}
