import Logging
import PostgresNIO

/// One named step of the PostgreSQL schema, applied once, in order, in the migrator's transaction.
public struct PostgresMigration: Sendable {
    public let name: String
    /// Statements without parameters, run in order.
    public let statements: [String]

    public init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }
}

/// Applies the named migrations a database has not had, each once, all in one transaction that holds an
/// advisory lock: instances starting together on one database wait for each other, and the second finds the
/// work done. A database that had a migration this build does not know (a newer build's) is refused, as the
/// SQLite side refuses a newer file.
public struct PostgresMigrator: Sendable {
    /// The advisory lock's key: "mocean" in ASCII.
    public static let lockKey: Int64 = 0x6d_6f63_6561_6e
    public let migrations: [PostgresMigration]

    public init(migrations: [PostgresMigration] = PostgresSchema.migrations) {
        self.migrations = migrations
    }

    /// Why a database cannot be migrated.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Applies what is missing; the names applied now, in order.
    ///
    /// - Throws: ``Refusal`` for a database of a newer build; PostgreSQL's error when a statement fails (then
    ///   nothing of this run is applied).
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        let migrations = self.migrations
        return try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            let known = Set(migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw Refusal(
                    description: "the database was migrated by a newer mocean-notify (migration \"\(unknown)\"): "
                        + "run that version, or restore a backup made before it")
            }
            var done: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                done.append(migration.name)
            }
            return done
        }
    }
}
