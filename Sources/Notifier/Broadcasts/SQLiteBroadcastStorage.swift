import Foundation
import GRDB

/// The broadcasts in the SQLite database: one service writes them, so each batch is its writer's to write.
public struct SQLiteBroadcastStorage: BroadcastStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func read(_ plan: BroadcastPlan, store: StoreID) async throws -> BroadcastPlan {
        try await database.writer.read { db in
            var plan = plan
            plan.readOptedOut(
                Set(
                    try String.fetchAll(
                        db, sql: "SELECT number FROM opt_outs WHERE store = ?", arguments: [store.rawValue])))
            switch plan.customers {
            case .none: break
            case .all:
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT id, phone, phone_digits, phone_reason FROM customers WHERE store = ? ORDER BY id",
                    arguments: [store.rawValue])
                while let row = try rows.next() { Self.read(row, into: &plan) }
            case .ids(let unique):
                for start in stride(from: 0, to: unique.count, by: 500) {
                    let slice = Array(unique[start..<min(start + 500, unique.count)])
                    let rows = try Row.fetchAll(
                        db,
                        sql: "SELECT id, phone, phone_digits, phone_reason FROM customers WHERE store = ? AND id IN ("
                            + slice.map { _ in "?" }.joined(separator: ", ") + ")",
                        arguments: [store.rawValue] + StatementArguments(slice))
                    for row in rows { Self.read(row, into: &plan) }
                }
            }
            plan.finish()
            return plan
        }
    }

    private static func read(_ row: Row, into plan: inout BroadcastPlan) {
        plan.read(
            customerID: row["id"], phone: row["phone"], phoneDigits: row["phone_digits"],
            phoneReason: row["phone_reason"])
    }

    /// `store`'s broadcasts, without their planned recipients.
    private static func ofStore(_ store: StoreID) -> QueryInterfaceRequest<BroadcastRecord> {
        BroadcastRecord.select(BroadcastRecord.summaryColumns).filter(BroadcastRecord.Columns.store == store.rawValue)
    }

    public func broadcast(idempotencyKey key: String, store: StoreID) async throws -> BroadcastRecord? {
        try await database.writer.read { db in
            try Self.ofStore(store).filter(BroadcastRecord.Columns.idempotencyKey == key).fetchOne(db)
        }
    }

    public func insert(_ record: BroadcastRecord) async throws -> (broadcast: BroadcastRecord, created: Bool) {
        let store = StoreID(rawValue: record.store)
        return try await database.writer.write { db -> (BroadcastRecord, Bool) in
            // The same key stored meanwhile: that one stands.
            if let key = record.idempotencyKey,
                let earlier = try Self.ofStore(store).filter(BroadcastRecord.Columns.idempotencyKey == key).fetchOne(db)
            {
                return (earlier, false)
            }
            var inserted = record
            try inserted.insert(db)
            return (inserted, true)
        }
    }

    public func status(id: Int64, store: StoreID) async throws -> BroadcastService.Status? {
        try await database.writer.read { db in try Self.status(id: id, store: store, db) }
    }

    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [BroadcastService.Status] {
        try await database.writer.read { db in
            var request = Self.ofStore(store).order(BroadcastRecord.Columns.id.desc).limit(limit)
            if let before { request = request.filter(BroadcastRecord.Columns.id < before) }
            return try request.fetchAll(db).compactMap { try Self.status(id: $0.id ?? 0, store: store, db) }
        }
    }

    private static func status(id: Int64, store: StoreID, _ db: Database) throws -> BroadcastService.Status? {
        guard let record = try ofStore(store).filter(BroadcastRecord.Columns.id == id).fetchOne(db) else {
            return nil
        }
        var counts: [MessageState: Int] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT state, count(*) AS n FROM messages WHERE broadcast_id = ? GROUP BY state", arguments: [id])
        for row in rows { if let state = MessageState(rawValue: row["state"]) { counts[state] = row["n"] } }
        return BroadcastService.Status(broadcast: record, messages: counts)
    }

    public func change(
        id: Int64, store: StoreID, now time: Date,
        _ decide: @Sendable (BroadcastRecord) throws -> BroadcastStateChange
    ) async throws -> BroadcastService.Status? {
        try await database.writer.write { db -> BroadcastService.Status? in
            guard let record = try Self.ofStore(store).filter(BroadcastRecord.Columns.id == id).fetchOne(db) else {
                return nil
            }
            let change = try decide(record)
            switch change.queuedRows {
            case .hold:
                try db.execute(
                    sql:
                        "UPDATE messages SET next_attempt_at = NULL, updated_at = ? WHERE broadcast_id = ? AND state = 'queued'",
                    arguments: [StoredDate.text(time), id])
            case .release(let due):
                try db.execute(
                    sql: """
                        UPDATE messages SET next_attempt_at = ?, updated_at = ?
                        WHERE broadcast_id = ? AND state = 'queued' AND next_attempt_at IS NULL
                        """, arguments: [StoredDate.text(due), StoredDate.text(time), id])
            case .cancel:
                try db.execute(
                    sql: """
                        UPDATE messages SET state = 'cancelled', next_attempt_at = NULL, reason = 'the broadcast was cancelled',
                            updated_at = ?
                        WHERE broadcast_id = ? AND state = 'queued'
                        """, arguments: [StoredDate.text(time), id])
            }
            try db.execute(
                sql: "UPDATE broadcasts SET state = ?, finished_at = ?, updated_at = ? WHERE id = ?",
                arguments: [
                    change.state.rawValue, change.finishedAt.map(StoredDate.text), StoredDate.text(time), id,
                ])
            return try Self.status(id: id, store: store, db)
        }
    }

    public func rows(of id: Int64, in states: [MessageState], store: StoreID) async throws -> [Int64]? {
        try await database.writer.read { db -> [Int64]? in
            guard try Self.ofStore(store).filter(BroadcastRecord.Columns.id == id).fetchCount(db) == 1 else {
                return nil
            }
            return try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM messages WHERE broadcast_id = ? AND state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ", ")))",
                arguments: [id])
        }
    }

    public func reopen(id: Int64, store: StoreID, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql:
                    "UPDATE broadcasts SET state = 'running', finished_at = NULL, updated_at = ? WHERE id = ? AND state = 'finished'",
                arguments: [StoredDate.text(now), id])
        }
    }

    public func toWrite() async throws -> [Int64] {
        try await database.writer.read { db in
            try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM broadcasts WHERE state IN ('writing', 'paused') AND written < recipient_count ORDER BY id"
            )
        }
    }

    public func forWriting(id: Int64) async throws -> (broadcast: BroadcastRecord, recipients: String)? {
        try await database.writer.read { db -> (BroadcastRecord, String)? in
            guard
                let record = try BroadcastRecord.select(BroadcastRecord.summaryColumns)
                    .filter(BroadcastRecord.Columns.id == id).fetchOne(db),
                let text = try String.fetchOne(
                    db, sql: "SELECT recipients FROM broadcasts WHERE id = ?", arguments: [id])
            else { return nil }
            return (record, text)
        }
    }

    public func writeBatch(
        of id: Int64, from: Int, to end: Int, finished: Bool, now time: Date,
        rows: @Sendable (BroadcastRecord.State) -> [MessageRecord]
    ) async throws -> Int? {
        try await database.writer.write { db -> Int? in
            // The state and progress as committed: a cancel may have stopped it meanwhile.
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, written FROM broadcasts WHERE id = ?", arguments: [id]),
                let state = BroadcastRecord.State(rawValue: row["state"]), state == .writing || state == .paused,
                row["written"] == from
            else { return nil }
            for var message in rows(state) {
                _ = try message.insertUnlessPresent(db)
            }
            try db.execute(
                sql: """
                    UPDATE broadcasts SET written = ?, state = CASE WHEN ? AND state = 'writing' THEN 'running' ELSE state END,
                        started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?
                    """,
                arguments: [end, finished, StoredDate.text(time), StoredDate.text(time), id])
            return end
        }
    }

    public func markFinished(now: Date) async throws {
        let time = StoredDate.text(now)
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE broadcasts SET state = 'finished', finished_at = ?, updated_at = ?
                    WHERE state = 'running' AND written >= recipient_count
                        AND NOT EXISTS (SELECT 1 FROM messages WHERE broadcast_id = broadcasts.id
                            AND state IN ('queued', 'sending'))
                    """, arguments: [time, time])
        }
    }
}
