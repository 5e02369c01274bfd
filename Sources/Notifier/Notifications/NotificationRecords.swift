import Foundation
import GRDB

/// One configured event of one audience: its switch and template.
struct EventSettingRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "notification_events"

    /// The store it is the setting of.
    var store = StoreID.first.rawValue
    var audience: String
    var event: String
    var enabled: Bool
    /// Nil: the default template.
    var template: String?
    /// Nil: the default (true) where the setting applies.
    var statusChangesOnly: Bool?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case store, audience, event, enabled, template
        case statusChangesOnly = "status_changes_only"
        case updatedAt = "updated_at"
    }
}

/// One admin mobile number, in the order given.
struct AdminNumberRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "admin_numbers"

    /// The store whose admin it is.
    var store = StoreID.first.rawValue
    var position: Int
    var number: String
    var typed: String
}
