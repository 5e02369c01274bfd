import Foundation
import Logging
import Notifier
import PostgresNIO

/// The opt-outs in PostgreSQL: a number opts out of a store once (its key), whichever instance adds it first.
public struct PostgresOptOutStorage: OptOutStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func add(_ entry: OptOuts.Entry) async throws -> OptOuts.Entry {
        for try await row in try await client.query(
            """
            INSERT INTO opt_outs (store, number, typed, source, note, created_at)
            VALUES (\(entry.store), \(entry.number), \(entry.typed), \(entry.source), \(entry.note), \(entry.createdAt))
            ON CONFLICT (store, number) DO NOTHING RETURNING *
            """, logger: logger)
        {
            return try PostgresRowDecoder.decode(OptOuts.Entry.self, from: row)
        }
        // Opted out before (a statement of its own: it sees the row another instance added meanwhile).
        for try await row in try await client.query(
            "SELECT * FROM opt_outs WHERE store = \(entry.store) AND number = \(entry.number)", logger: logger)
        {
            return try PostgresRowDecoder.decode(OptOuts.Entry.self, from: row)
        }
        throw PostgresStorageError("the opt-out was neither added nor found")
    }

    public func remove(number: String, store: StoreID) async throws -> Bool {
        for try await count in try await client.query(
            """
            WITH removed AS (DELETE FROM opt_outs WHERE store = \(store.rawValue) AND number = \(number) RETURNING 1)
            SELECT count(*) FROM removed
            """, logger: logger
        ).decode(Int.self) {
            return count > 0
        }
        return false
    }

    public func list(limit: Int, offset: Int, store: StoreID) async throws -> (entries: [OptOuts.Entry], total: Int) {
        var entries: [OptOuts.Entry] = []
        for try await row in try await client.query(
            """
            SELECT * FROM opt_outs WHERE store = \(store.rawValue)
            ORDER BY created_at DESC, number COLLATE "C" LIMIT \(limit) OFFSET \(offset)
            """, logger: logger)
        {
            entries.append(try PostgresRowDecoder.decode(OptOuts.Entry.self, from: row))
        }
        var total = 0
        for try await count in try await client.query(
            "SELECT count(*) FROM opt_outs WHERE store = \(store.rawValue)", logger: logger
        ).decode(Int.self) {
            total = count
        }
        return (entries, total)
    }

    public func appliesToEvents(store: StoreID) async throws -> Bool {
        for try await applies in try await client.query(
            "SELECT applies_to_events FROM opt_out_settings WHERE id = \(store.rawValue)", logger: logger
        ).decode(Bool.self) {
            return applies
        }
        return false
    }

    public func setAppliesToEvents(_ applies: Bool, store: StoreID, now: Date) async throws {
        try await client.query(
            """
            INSERT INTO opt_out_settings (id, applies_to_events, updated_at) VALUES (\(store.rawValue), \(applies), \(now))
            ON CONFLICT (id) DO UPDATE SET applies_to_events = excluded.applies_to_events,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func optedOut(among numbers: [String], store: StoreID) async throws -> Set<String> {
        var found = Set<String>()
        for try await number in try await client.query(
            "SELECT number FROM opt_outs WHERE store = \(store.rawValue) AND number = ANY(\(numbers))", logger: logger
        ).decode(String.self) {
            found.insert(number)
        }
        return found
    }
}
