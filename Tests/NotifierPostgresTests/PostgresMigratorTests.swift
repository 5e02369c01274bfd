import Logging
import Notifier
import NotifierPostgres
import PostgresNIO
import TestSupport
import Testing

/// The PostgreSQL schema's migrations against a real server: applied once, in one transaction, under an
/// advisory lock that makes instances starting together wait for each other; a newer build's database refused.
@Suite(
    .enabled(
        if: PostgresTestDatabase.url != nil,
        "needs MOCEAN_NOTIFY_TEST_POSTGRES_URL: scripts/test starts a throwaway PostgreSQL cluster and sets it"),
    .timeLimit(.minutes(2)))
struct PostgresMigratorTests {
    private func names(_ client: PostgresClient) async throws -> [String] {
        var names: [String] = []
        for try await name in try await client.query(
            "SELECT name FROM schema_migrations ORDER BY applied_at, name", logger: PostgresTestDatabase.logger
        ).decode(String.self) {
            names.append(name)
        }
        return names
    }

    private func values<Value: PostgresDecodable & Sendable>(_ client: PostgresClient, _ sql: String, as: Value.Type)
        async throws -> [Value]
    {
        var all: [Value] = []
        for try await value in try await client.query(
            PostgresQuery(unsafeSQL: sql), logger: PostgresTestDatabase.logger
        )
        .decode(Value.self) {
            all.append(value)
        }
        return all
    }

    private func tables(_ client: PostgresClient) async throws -> Set<String> {
        var tables: Set<String> = []
        for try await name in try await client.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", logger: PostgresTestDatabase.logger
        ).decode(String.self) {
            tables.insert(name)
        }
        return tables
    }

    @Test func aFreshDatabaseGetsTheWholeSchemaOnceAndItsFirstStore() async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            try await PostgresTestDatabase.withClient(location) { client in
                let applied = try await PostgresMigrator().migrate(client, logger: PostgresTestDatabase.logger)
                #expect(applied == PostgresSchema.migrations.map(\.name))
                #expect(try await PostgresMigrator().migrate(client, logger: PostgresTestDatabase.logger).isEmpty)
                #expect(try await names(client) == PostgresSchema.migrations.map(\.name))
                let expected: Set<String> = [
                    "schema_migrations", "stores", "account_settings", "history_settings", "opt_out_settings",
                    "customer_sync", "outbox_settings", "endpoint_secrets", "app_settings", "store_tokens", "events",
                    "notification_events", "admin_numbers", "order_statuses", "customers", "broadcasts", "opt_outs",
                    "messages", "message_attempts", "instances", "console_sessions", "balance_alerts", "quiet_hours",
                ]
                #expect(try await tables(client) == expected)
                // What the doctor reads of it.
                let inspection = try await NotifierStorages.inspection(
                    client: client, location: location, logger: PostgresTestDatabase.logger)
                #expect(inspection.engine.hasPrefix("PostgreSQL ") && inspection.writable && inspection.bytes > 0)
                #expect(inspection.schema == PostgresSchema.migrations.last?.name && inspection.journalMode == nil)
                #expect(!inspection.location.contains("password"))
                #expect(try await values(client, "SELECT id FROM stores", as: Int64.self) == [1])
                // The next store gets id 2, as in SQLite.
                let next = try await values(
                    client, "INSERT INTO stores (api_url, updated_at) VALUES ('u', now()) RETURNING id", as: Int64.self)
                #expect(next == [2])
            }
        }
    }

    @Test func aDatabaseOfTheFirstSchemaKeepsEveryRowThroughTheLatest() async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            try await PostgresTestDatabase.withClient(location) { client in
                let logger = PostgresTestDatabase.logger
                try await PostgresMigrator(migrations: Array(PostgresSchema.migrations.prefix(1))).migrate(
                    client, logger: logger)
                try await client.query(
                    """
                    INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state,
                        next_attempt_at, created_at, updated_at)
                    VALUES (1, 'event', 'store/order/created', 'Hello', '60123456789', 'GSM-7', 1, 'queued', now(),
                        now(), now()),
                        (1, 'event', 'store/order/created', 'Hi', '60123456780', 'GSM-7', 1, 'sending', now(),
                        now(), now())
                    """, logger: logger)
                let applied = try await PostgresMigrator().migrate(client, logger: logger)
                #expect(applied == PostgresSchema.migrations.dropFirst().map(\.name))
                let kept = try await values(
                    client, "SELECT text FROM messages WHERE claimed_by IS NULL ORDER BY id", as: String.self)
                #expect(kept == ["Hello", "Hi"], "every row kept, taken by no instance")
                // The search index made later (v4) holds the rows written before it.
                var query = HistoryQuery(store: .first)
                query.search = "hell"
                let found = try await HistoryStore(storage: PostgresHistoryStorage(client: client, logger: logger))
                    .page(query, page: 1, pageSize: 10).rows.map(\.text)
                #expect(found == ["Hello"])
            }
        }
    }

    @Test func instancesStartingTogetherApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresTestDatabase.withClient(location) { client in
                            try await PostgresMigrator().migrate(client, logger: PostgresTestDatabase.logger)
                        }
                    }
                }
                var all: [[String]] = []
                for try await one in group { all.append(one) }
                return all
            }
            #expect(applied.filter { !$0.isEmpty } == [PostgresSchema.migrations.map(\.name)])
            let recorded: [String] = try await PostgresTestDatabase.withClient(location) { client in
                try await self.names(client)
            }
            #expect(recorded == PostgresSchema.migrations.map(\.name))
        }
    }

    @Test func aDatabaseOfANewerBuildIsRefusedAndLeftAsItIs() async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            try await PostgresTestDatabase.withClient(location) { client in
                let newer = PostgresMigrator(
                    migrations: PostgresSchema.migrations + [
                        PostgresMigration("v99 from the future", ["CREATE TABLE future (id integer)"])
                    ])
                try await newer.migrate(client, logger: PostgresTestDatabase.logger)
                await #expect(throws: PostgresMigrator.Refusal.self) {
                    try await PostgresMigrator().migrate(client, logger: PostgresTestDatabase.logger)
                }
                #expect(try await names(client).last == "v99 from the future")
            }
        }
    }

    @Test func aMigrationThatFailsLeavesNothingOfItsRun() async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            try await PostgresTestDatabase.withClient(location) { client in
                let failing = PostgresMigrator(
                    migrations: PostgresSchema.migrations + [
                        PostgresMigration("v2 broken", ["CREATE TABLE half (id integer)", "SELECT * FROM nowhere"])
                    ])
                await #expect(throws: (any Error).self) {
                    try await failing.migrate(client, logger: PostgresTestDatabase.logger)
                }
                let exists = try await values(
                    client, "SELECT to_regclass('public.schema_migrations') IS NOT NULL", as: Bool.self)
                #expect(exists == [false], "the run's every statement was rolled back, its first migration too")
            }
        }
    }
}
