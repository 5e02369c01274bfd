import Logging
import Notifier
import NotifierPostgres
import PostgresNIO

/// The PostgreSQL side of start-up: the connection pool running for as long as the service, the schema
/// migrated (under the migrations' advisory lock, so that instances starting together do not race), and this
/// process registered as one more instance.
enum PostgresDatabase {
    /// The database could not be used at start-up: unreachable, refused the credentials, or refused the schema.
    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// How long start-up waits for the database before it gives up.
    static let startDeadline: Duration = .seconds(15)

    /// Runs `body` with the storages over `location`; the pool stops when it returns.
    ///
    /// - Throws: ``StartFailure`` when the database does not answer within ``startDeadline``, or cannot be
    ///   migrated or joined; what `body` throws.
    static func withStorages(
        _ location: PostgresLocation, lease: Duration, logger: Logger,
        _ body: (NotifierStorages) async throws -> Void
    ) async throws {
        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let instance = try await join(client, location: location, lease: lease, logger: logger)
            logger.info("database at \(location), as instance \(instance.id) (\(instance.name)), lease \(lease)")
            try await body(.postgres(client: client, instance: instance, location: location, logger: logger))
        }
    }

    /// Waits (at most ``startDeadline``) for the database to answer, then migrates the schema (as long as that
    /// takes: an index built on a large table) and registers this instance.
    private static func join(_ client: PostgresClient, location: PostgresLocation, lease: Duration, logger: Logger)
        async throws -> PostgresInstance
    {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.query("SELECT 1", logger: logger) }
                group.addTask {
                    try await Task.sleep(for: startDeadline)
                    throw StartFailure(
                        description: "the PostgreSQL database at \(location) did not answer within \(startDeadline)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            let applied = try await PostgresMigrator().migrate(client, logger: logger)
            if !applied.isEmpty { logger.notice("database migrated: \(applied.joined(separator: ", "))") }
            return try await PostgresInstance.register(client: client, lease: lease, logger: logger)
        } catch let error as StartFailure {
            throw error
        } catch let error as PostgresMigrator.Refusal {
            throw StartFailure(description: "the PostgreSQL database at \(location): \(error)")
        } catch {
            throw StartFailure(
                description: "cannot use the PostgreSQL database at \(location): \(String(reflecting: error))")
        }
    }
}
