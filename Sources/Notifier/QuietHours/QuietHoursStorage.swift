import Foundation
import GRDB

/// Where each store's quiet hours are kept: one row per store that set them.
public protocol QuietHoursStorage: Sendable {
    /// The quiet hours of `store`; nil when it never set them.
    func load(of store: StoreID) async throws -> QuietHours?
    /// Saves the quiet hours of `store` and, in the same transaction, makes its rows held by the hours before due
    /// at `releaseAt` (but those of broadcasts scheduled later), so that the sender weighs them against the new
    /// hours.
    func save(_ hours: QuietHours, of store: StoreID, releaseAt: Date) async throws
}

/// What the storages run on a change of quiet hours, in SQL both backends take (`$1` the time, `$2` the store).
public enum QuietHoursSQL {
    /// The reason every row held by quiet hours starts with.
    public static let reasonPrefix = "quiet hours:"

    /// Makes the store's rows held by quiet hours due at once, except those of broadcasts scheduled later; the
    /// numbered placeholders as `placeholder` writes them (`?1` in SQLite, `$1` in PostgreSQL).
    public static func releaseHeld(placeholder: (Int) -> String) -> String {
        """
        UPDATE messages SET next_attempt_at = \(placeholder(1))
        WHERE store = \(placeholder(2)) AND state = 'queued' AND reason LIKE '\(reasonPrefix)%'
            AND next_attempt_at > \(placeholder(1))
            AND (broadcast_id IS NULL OR broadcast_id NOT IN (
                SELECT id FROM broadcasts WHERE store = \(placeholder(2)) AND schedule_at > \(placeholder(1))))
        """
    }
}

/// One store's quiet hours as a row.
public struct QuietHoursRow: Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "quiet_hours"
    public var id: Int64
    public var windowStart: Int?
    public var windowEnd: Int?
    public var storeTimeZone: String
    /// The events' scopes, separated by commas.
    public var events: String
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case windowStart = "window_start"
        case windowEnd = "window_end"
        case storeTimeZone = "store_time_zone"
        case events
        case updatedAt = "updated_at"
    }

    /// The row of `store`'s `hours`.
    public init(_ hours: QuietHours, of store: StoreID, now: Date) {
        id = store.rawValue
        windowStart = hours.window?.start
        windowEnd = hours.window?.end
        storeTimeZone = hours.storeTimeZone
        events = hours.events.map(\.scope).sorted().joined(separator: ",")
        updatedAt = hours.updatedAt ?? now
    }

    /// A row as stored.
    public init(
        id: Int64, windowStart: Int?, windowEnd: Int?, storeTimeZone: String, events: String, updatedAt: Date
    ) {
        self.id = id
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.storeTimeZone = storeTimeZone
        self.events = events
        self.updatedAt = updatedAt
    }

    /// The quiet hours the row holds (an unknown scope, written by a later version, is left out).
    public var hours: QuietHours {
        QuietHours(
            window: windowStart.flatMap { start in
                windowEnd.flatMap { SendingWindow(startMinute: start, endMinute: $0) }
            },
            storeTimeZone: storeTimeZone,
            events: Set(events.split(separator: ",").compactMap { StoreEvent(scope: String($0)) }), updatedAt: updatedAt
        )
    }
}

/// The quiet hours in the SQLite database.
public struct SQLiteQuietHoursStorage: QuietHoursStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func load(of store: StoreID) async throws -> QuietHours? {
        try await database.writer.read { db in try QuietHoursRow.fetchOne(db, key: store.rawValue)?.hours }
    }

    public func save(_ hours: QuietHours, of store: StoreID, releaseAt now: Date) async throws {
        let row = QuietHoursRow(hours, of: store, now: now)
        try await database.writer.write { db in
            try row.save(db)
            try db.execute(sql: QuietHoursSQL.releaseHeld { "?\($0)" }, arguments: [now, store.rawValue])
        }
    }
}
