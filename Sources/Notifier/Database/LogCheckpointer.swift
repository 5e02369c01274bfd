import GRDB
import Logging
import ServiceLifecycle

/// Copies the write-ahead log into the database file in the background, on a connection of its own, so that
/// the writer never stops for a checkpoint's fsync: SQLite's automatic checkpoint runs inside the commit that
/// fills the log, and on a slow disk its fsync held that commit (and every write queued behind it, such as
/// arriving events) for a tenth of a second or more. The pool's own automatic checkpoint stays as a backstop at
/// ``AppDatabase/backstopCheckpointPages``, far beyond what this keeps the log to.
public struct LogCheckpointer: Service {
    private let database: AppDatabase
    private let interval: Duration
    private let logger: Logger

    public init(database: AppDatabase, logger: Logger, interval: Duration = .milliseconds(200)) {
        self.database = database
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        guard database.writer is DatabasePool else {
            // In memory: no log to copy.
            try? await gracefulShutdown()
            return
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection: DatabaseQueue
        do {
            connection = try DatabaseQueue(path: database.path, configuration: configuration)
        } catch {
            logger.error("the log checkpointer cannot open the database: \(error); SQLite's own checkpoints remain")
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Passive: copies what no reader still needs, never waits for the writer or a reader.
                    try await connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                } catch {
                    logger.debug("checkpoint skipped: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
        try? connection.close()
    }
}
