import NIOCore
import Synchronization

/// The open connections, so that a shutdown can reach every one of them.
///
/// Connections are added by the channel initializer, on an event loop and synchronously, which an actor
/// cannot serve; a mutex guards the table instead.
final class OpenConnections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// Records `channel` until it closes.
    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = channels.withLock { $0.removeValue(forKey: key) }
        }
    }

    /// Asks every connection to close once the request in hand is answered (idle ones close at once), and
    /// waits until all have closed.
    func quiesceAndWait() async {
        let open = channels.withLock { Array($0.values) }
        for channel in open {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        for channel in open {
            try? await channel.closeFuture.get()
        }
    }

    /// Closes every connection at once.
    func closeAll() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.close(promise: nil)
        }
    }
}
