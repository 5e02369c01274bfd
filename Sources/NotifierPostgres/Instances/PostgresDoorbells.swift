import Logging
import Notifier
import PostgresNIO
import ServiceLifecycle

/// The doorbells of every instance on a database: a write that queues SMS rows or stores events notifies
/// (`pg_notify`, delivered at its commit), and each instance's listener rings its own loops. A notification can
/// be lost (the listening connection dropped): the listener also rings every ``pollInterval``, so a lost one
/// costs at most that long, never a message.
public struct PostgresDoorbells: Service {
    /// The channel, and the payloads that say which loop there is work for.
    static let channel = "mocean_notify"
    enum Payload: String {
        case queued, received
    }

    /// The statement that notifies every instance of `payload` when its transaction commits.
    static func notify(_ payload: Payload) -> PostgresQuery {
        "SELECT pg_notify(\(channel), \(payload.rawValue))"
    }

    let client: PostgresClient
    let queued: Doorbell
    let received: Doorbell
    let pollInterval: Duration
    let logger: Logger

    /// - Parameters:
    ///   - queued: rung when SMS rows were queued (the sender's).
    ///   - received: rung when events were stored (the event processor's).
    public init(
        client: PostgresClient, queued: Doorbell, received: Doorbell, pollInterval: Duration = .seconds(2),
        logger: Logger
    ) {
        self.client = client
        self.queued = queued
        self.received = received
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: pollInterval)
                    queued.ring()
                    received.ring()
                }
            }
            group.addTask { await listen() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Listens until cancelled, listening again a second after the connection is lost.
    private func listen() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Whatever was missed while not listening is found by the ring that follows.
                        queued.ring()
                        received.ring()
                        for try await notification in notifications {
                            switch Payload(rawValue: notification.payload) {
                            case .queued: queued.ring()
                            case .received: received.ring()
                            case nil: break
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.notice("listening for other instances' work failed (polling meanwhile): \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
