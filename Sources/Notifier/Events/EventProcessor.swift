import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Turns each stored event into its SMS rows, in one transaction with marking the event processed: an event
/// is never lost, and never processed twice, whatever stops the service and when.
public struct EventProcessor: Service {
    private let database: AppDatabase
    private let account: AccountService
    private let notifications: NotificationService
    private let received: Doorbell
    private let queued: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// How many events one transaction takes.
    static let batchSize = 200

    /// - Parameters:
    ///   - received: rung when an event is stored.
    ///   - queued: rung when rows are queued, to wake the sender.
    public init(
        database: AppDatabase, account: AccountService, notifications: NotificationService, received: Doorbell,
        queued: Doorbell, logger: Logger, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.account = account
        self.notifications = notifications
        self.received = received
        self.queued = queued
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await processWaiting() == Self.batchSize {}
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("processing stored events failed: \(error)")
                }
                await received.wait(timeout: .seconds(5))
            }
        }
    }

    /// Processes up to ``batchSize`` waiting events, oldest first; returns how many.
    @discardableResult
    public func processWaiting() async throws -> Int {
        let settings = EventMessages.Settings(
            account: try await account.settings(), admin: try await notifications.settings(for: .admin),
            customer: try await notifications.settings(for: .customer))
        let time = now()
        let (count, queuedAny) = try await database.writer.write { db -> (Int, Bool) in
            let events = try EventRecord.filter(EventRecord.Columns.state == EventRecord.State.received.rawValue)
                .order(EventRecord.Columns.id).limit(Self.batchSize).fetchAll(db)
            var queuedAny = false
            for var event in events {
                let (messages, note) = EventMessages.plan(event, settings: settings, now: time)
                for var message in messages {
                    // A row that exists already (same event, audience and number) is never written twice.
                    try message.insert(db, onConflict: .ignore)
                    queuedAny = queuedAny || message.state == .queued
                }
                event.state = .processed
                event.processedAt = time
                event.note = note
                try event.update(db)
            }
            return (events.count, queuedAny)
        }
        if queuedAny { queued.ring() }
        if count > 0 { logger.debug("processed \(count) stored events") }
        return count
    }
}
