import Foundation
import GRDB

/// Where each store's notification settings live: the switches and templates stored per audience and event,
/// and the admin numbers in order. Events never configured have no row (off, default template).
public protocol NotificationStorage: Sendable {
    /// What is stored of `audience`'s settings in `store`.
    func stored(_ audience: Audience, of store: StoreID) async throws -> StoredNotifications
    /// Applies `write` in one transaction and answers what is stored then.
    func apply(_ write: NotificationWrite) async throws -> StoredNotifications
}

/// What is stored of one audience's settings in one store.
public struct StoredNotifications: Sendable, Equatable {
    /// One configured event.
    public struct Event: Sendable, Equatable {
        public var enabled: Bool
        /// Nil: the default template.
        public var template: String?
        /// Nil: the default where the setting applies.
        public var statusChangesOnly: Bool?

        public init(enabled: Bool, template: String?, statusChangesOnly: Bool?) {
            self.enabled = enabled
            self.template = template
            self.statusChangesOnly = statusChangesOnly
        }
    }

    /// The configured events by their scope's name (``StoreEvent/rawValue``).
    public var events: [String: Event]
    /// The admin numbers in order (none for customers).
    public var adminNumbers: [AudienceSettings.AdminNumber]

    public init(events: [String: Event], adminNumbers: [AudienceSettings.AdminNumber]) {
        self.events = events
        self.adminNumbers = adminNumbers
    }
}

/// A checked change of one audience's settings in one store, as the storage applies it.
public struct NotificationWrite: Sendable {
    /// What changes of one event: nil keeps the stored value.
    public struct EventChange: Sendable {
        public var enabled: Bool?
        public var statusChangesOnly: Bool?
        /// `.some(nil)`: back to the default template.
        public var template: String??
    }

    public let store: StoreID
    public let audience: Audience
    public let events: [StoreEvent: EventChange]
    /// Every admin number, replacing those stored; nil keeps them.
    public let adminNumbers: [AudienceSettings.AdminNumber]?
    public let now: Date

    /// `stored` (nil: never configured) with `change` applied.
    public static func applied(_ change: EventChange, to stored: StoredNotifications.Event?)
        -> StoredNotifications.Event
    {
        var event = stored ?? StoredNotifications.Event(enabled: false, template: nil, statusChangesOnly: nil)
        if let enabled = change.enabled { event.enabled = enabled }
        if let only = change.statusChangesOnly { event.statusChangesOnly = only }
        if let template = change.template { event.template = template }
        return event
    }
}

/// The notification settings in the SQLite database.
public struct SQLiteNotificationStorage: NotificationStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func stored(_ audience: Audience, of store: StoreID) async throws -> StoredNotifications {
        try await database.writer.read { db in try Self.read(audience, of: store, db) }
    }

    public func apply(_ write: NotificationWrite) async throws -> StoredNotifications {
        try await database.writer.write { db in
            for (event, change) in write.events {
                let key: [String: (any DatabaseValueConvertible)?] = [
                    "store": write.store.rawValue, "audience": write.audience.rawValue, "event": event.rawValue,
                ]
                let stored = try EventSettingRecord.fetchOne(db, key: key).map {
                    StoredNotifications.Event(
                        enabled: $0.enabled, template: $0.template, statusChangesOnly: $0.statusChangesOnly)
                }
                let applied = NotificationWrite.applied(change, to: stored)
                try EventSettingRecord(
                    store: write.store.rawValue, audience: write.audience.rawValue, event: event.rawValue,
                    enabled: applied.enabled, template: applied.template, statusChangesOnly: applied.statusChangesOnly,
                    updatedAt: write.now
                ).save(db)
            }
            if let numbers = write.adminNumbers {
                try AdminNumberRecord.filter(Column("store") == write.store.rawValue).deleteAll(db)
                for (position, number) in numbers.enumerated() {
                    try AdminNumberRecord(
                        store: write.store.rawValue, position: position, number: number.number, typed: number.typed
                    ).insert(db)
                }
            }
            return try Self.read(write.audience, of: write.store, db)
        }
    }

    private static func read(_ audience: Audience, of store: StoreID, _ db: Database) throws -> StoredNotifications {
        let rows = try EventSettingRecord.filter(
            Column("store") == store.rawValue && Column("audience") == audience.rawValue
        ).fetchAll(db)
        let numbers =
            audience == .admin
            ? try AdminNumberRecord.filter(Column("store") == store.rawValue).order(Column("position")).fetchAll(db)
                .map { AudienceSettings.AdminNumber(number: $0.number, typed: $0.typed) } : []
        return StoredNotifications(
            events: Dictionary(
                uniqueKeysWithValues: rows.map {
                    (
                        $0.event,
                        StoredNotifications.Event(
                            enabled: $0.enabled, template: $0.template, statusChangesOnly: $0.statusChangesOnly)
                    )
                }), adminNumbers: numbers)
    }
}
