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
    /// - Throws: ``StartFailure`` when the database cannot be reached, migrated or joined within
    ///   ``startDeadline``; what `body` throws.
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

    /// Migrates the schema and registers this instance, within ``startDeadline``.
    private static func join(_ client: PostgresClient, location: PostgresLocation, lease: Duration, logger: Logger)
        async throws -> PostgresInstance
    {
        do {
            return try await withThrowingTaskGroup(of: PostgresInstance?.self) { group in
                group.addTask {
                    let applied = try await PostgresMigrator().migrate(client, logger: logger)
                    if !applied.isEmpty { logger.notice("database migrated: \(applied.joined(separator: ", "))") }
                    return try await PostgresInstance.register(client: client, lease: lease, logger: logger)
                }
                group.addTask {
                    try await Task.sleep(for: startDeadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let instance = try await group.next() ?? nil else {
                    throw StartFailure(
                        description: "the PostgreSQL database at \(location) did not answer within \(startDeadline)")
                }
                return instance
            }
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
