import Logging
import PostgresNIO
import ServiceLifecycle

/// Runs loops that must run on one instance at a time (delivery-status checks, retention) on whichever
/// instance holds a session advisory lock: every instance tries to take it every ``retryInterval``; the one that
/// does runs the loops while its connection answers. When that instance dies its connection closes, the server
/// releases the lock, and another takes it within a retry interval.
public struct PostgresLeader: Service {
    /// The advisory lock's key: "leader" in ASCII.
    public static let lockKey: Int64 = 0x6c_6561_6465_72
    let client: PostgresClient
    let services: [any Service]
    let retryInterval: Duration
    let logger: Logger

    /// - Parameters:
    ///   - services: the loops run while this instance leads.
    ///   - retryInterval: how often a follower tries to lead, and how often the leader checks its connection.
    public init(
        client: PostgresClient, services: [any Service], retryInterval: Duration = .seconds(2), logger: Logger
    ) {
        self.client = client
        self.services = services
        self.retryInterval = retryInterval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await client.withConnection { connection in
                    guard try await Self.tryLock(connection, logger: logger) else { return }
                    logger.info("this instance leads: it runs the status checks and retention")
                    defer { logger.info("this instance no longer leads") }
                    var failure: (any Error)?
                    do {
                        try await lead(on: connection)
                    } catch {
                        failure = error
                    }
                    // Closing the connection ends its session and with it the lock, whatever state the session
                    // is in (a pooled connection would otherwise keep the lock from the other instances).
                    try? await connection.close()
                    if let failure { throw failure }
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.warning("leading the once-only loops stopped: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
        }
    }

    /// Runs the loops until they end (at a graceful shutdown) or the connection that holds the lock stops
    /// answering (the lock may be gone: the loops stop at once).
    private func lead(on connection: PostgresConnection) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask { try await service.run() }
            }
            group.addTask {
                do {
                    try await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            try await Task.sleep(for: retryInterval)
                            try await connection.query("SELECT 1", logger: logger)
                        }
                    }
                } catch is CancellationError {
                    // The service stops: the loops stop on their own.
                }
            }
            try await group.waitForAll()
        }
    }

    private static func tryLock(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        for try await taken in try await connection.query(
            "SELECT pg_try_advisory_lock(\(lockKey))", logger: logger
        ).decode(Bool.self) {
            return taken
        }
        return false
    }
}
