import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Writes the SMS rows of broadcasts, a batch a transaction, so that a broadcast of 100,000 never holds the
/// database: events arriving meanwhile wait for one short transaction at most, and the sender takes the rows
/// as they come (after any event SMS: broadcast rows have the lower priority). How far each broadcast got is
/// saved with each batch, so a restart goes on from there and writes no row twice. Also marks broadcasts
/// finished once their rows are all settled.
public struct BroadcastWriter: Service {
    private let database: AppDatabase
    private let toWrite: Doorbell
    private let queued: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// Rows a transaction.
    static let batchSize = 1_000

    public init(
        database: AppDatabase, toWrite: Doorbell, queued: Doorbell, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.toWrite = toWrite
        self.queued = queued
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await runPasses(
            wakingOn: toWrite, timeout: .seconds(1), logger: logger, failure: "writing broadcast rows failed"
        ) {
            try await writePending()
            try await markFinished()
        }
    }

    /// Writes every row still to write, broadcast by broadcast, oldest first.
    public func writePending() async throws {
        let ids = try await database.writer.read { db in
            try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM broadcasts WHERE state IN ('writing', 'paused') AND written < recipient_count ORDER BY id"
            )
        }
        for id in ids { try await write(id) }
    }

    private func write(_ id: Int64) async throws {
        let stored = try await database.writer.read { db -> (BroadcastRecord, String)? in
            guard
                let record = try BroadcastRecord.select(BroadcastRecord.summaryColumns)
                    .filter(BroadcastRecord.Columns.id == id).fetchOne(db),
                let text = try String.fetchOne(
                    db, sql: "SELECT recipients FROM broadcasts WHERE id = ?", arguments: [id])
            else { return nil }
            return (record, text)
        }
        guard let (record, text) = stored else { return }
        // The one stored text, read a line at a time: each batch decodes only its own recipients.
        var lines = LineReader(text)
        var start = record.written
        for _ in 0..<start where lines.next() == nil { break }
        defer { MemoryRelease.returnFreedMemory() }
        var batches = 0
        while !Task.isCancelled {
            var batch: [PlannedRecipient] = []
            while batch.count < Self.batchSize, let line = lines.next() {
                batch.append(BroadcastPlan.decode(line: line))
            }
            let time = now()
            let (from, recipients, total) = (start, batch, record.recipientCount)
            let written = try await database.writer.write { db -> Int? in
                // The state and progress as committed: a cancel may have stopped it meanwhile.
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT state, written FROM broadcasts WHERE id = ?", arguments: [id]),
                    let state = BroadcastRecord.State(rawValue: row["state"]), state == .writing || state == .paused,
                    row["written"] == from
                else { return nil }
                let due = state == .paused ? nil : max(record.scheduleAt ?? time, time)
                for recipient in recipients {
                    var message = Self.row(for: recipient, of: record, due: due, now: time)
                    _ = try message.insertUnlessPresent(db)
                }
                let end = recipients.isEmpty ? total : from + recipients.count
                try db.execute(
                    sql: """
                        UPDATE broadcasts SET written = ?, state = CASE WHEN ? AND state = 'writing' THEN 'running' ELSE state END,
                            started_at = coalesce(started_at, ?), updated_at = ? WHERE id = ?
                        """,
                    arguments: [end, end >= total, StoredDate.text(time), StoredDate.text(time), id])
                return end
            }
            queued.ring()
            guard let written, written < total else { break }
            start = written
            batches += 1
            // A long broadcast's batches leave freed memory in the allocator's arenas: hand it back now and then.
            if batches % 20 == 0 { MemoryRelease.returnFreedMemory() }
        }
    }

    /// The SMS row of one planned recipient.
    static func row(for recipient: PlannedRecipient, of broadcast: BroadcastRecord, due: Date?, now: Date)
        -> MessageRecord
    {
        let skipped = recipient.skipReason != nil
        return MessageRecord(
            id: nil, store: broadcast.store, origin: .broadcast, eventRef: nil, broadcastID: broadcast.id,
            audience: nil,
            eventType: MessageRecord.broadcastEventType, eventID: nil, orderID: nil, sender: broadcast.sender,
            text: broadcast.message, recipientTyped: recipient.typed, recipient: recipient.digits,
            encoding: broadcast.encoding, parts: broadcast.parts, state: skipped ? .skipped : .queued,
            reason: recipient.skipReason, attempts: 0, nextAttemptAt: skipped ? nil : due, priority: 1,
            gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil, statusChecks: 0,
            nextStatusCheckAt: nil, createdAt: now, updatedAt: now)
    }

    /// Broadcasts whose rows are all written and settled become `finished`.
    func markFinished() async throws {
        let time = StoredDate.text(now())
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

/// The lines of a text, one at a time, without splitting it all at once.
struct LineReader {
    private let text: Substring
    private var position: Substring.Index

    init(_ text: String) {
        self.text = Substring(text)
        position = self.text.startIndex
    }

    mutating func next() -> Substring? {
        guard position < text.endIndex else { return nil }
        let end = text[position...].firstIndex(of: "\n") ?? text.endIndex
        let line = text[position..<end]
        position = end < text.endIndex ? text.index(after: end) : end
        return line
    }
}
