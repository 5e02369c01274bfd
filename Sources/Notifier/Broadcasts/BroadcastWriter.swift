import Foundation
import Logging
import ServiceLifecycle

/// Writes the SMS rows of broadcasts, a batch a transaction, so that a broadcast of 100,000 never holds the
/// database: events arriving meanwhile wait for one short transaction at most, and the sender takes the rows
/// as they come (after any event SMS: broadcast rows have the lower priority). How far each broadcast got is
/// saved with each batch, so a restart goes on from there and writes no row twice. Also marks broadcasts
/// finished once their rows are all settled. Several writers may run on one database: each batch is written by
/// one of them only.
public struct BroadcastWriter: Service {
    private let storage: any BroadcastStorage
    private let toWrite: Doorbell
    private let queued: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// The stores' quiet hours: each row is due at its recipient's next window.
    private let quietHours: QuietHoursService?
    /// Rows a transaction.
    static let batchSize = 1_000

    /// A writer of the broadcasts in the SQLite database.
    public init(
        database: AppDatabase, toWrite: Doorbell, queued: Doorbell, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteBroadcastStorage(database: database), toWrite: toWrite, queued: queued, logger: logger,
            now: now)
    }

    /// A writer of the broadcasts in `storage`.
    public init(
        storage: any BroadcastStorage, toWrite: Doorbell, queued: Doorbell, logger: Logger,
        quietHours: QuietHoursService? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.quietHours = quietHours
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
        for id in try await storage.toWrite() { try await write(id) }
    }

    private func write(_ id: Int64) async throws {
        guard let (record, text) = try await storage.forWriting(id: id) else { return }
        let hours = try await quietHours?.hours(of: StoreID(rawValue: record.store)) ?? .none
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
            let end = recipients.isEmpty ? total : from + recipients.count
            let written = try await storage.writeBatch(of: id, from: from, to: end, finished: end >= total, now: time) {
                state in
                // As committed: the rows of a broadcast paused meanwhile wait.
                let due = state == .paused ? nil : max(record.scheduleAt ?? time, time)
                var windows = QuietHours.Openings(hours)
                return recipients.map { recipient in
                    var row = Self.row(for: recipient, of: record, due: due, now: time)
                    if let due, row.state == .queued, let hold = windows.hold(for: recipient.digits, at: due) {
                        (row.nextAttemptAt, row.reason) = (hold.until, hold.reason)
                    }
                    return row
                }
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
        try await storage.markFinished(now: now())
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
