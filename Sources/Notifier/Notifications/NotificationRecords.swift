import Foundation
import GRDB

/// One configured event of one audience: its switch and template.
struct EventSettingRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "notification_events"

    var audience: String
    var event: String
    var enabled: Bool
    /// Nil: the default template.
    var template: String?
    /// Nil: the default (true) where the setting applies.
    var statusChangesOnly: Bool?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case audience, event, enabled, template
        case statusChangesOnly = "status_changes_only"
        case updatedAt = "updated_at"
    }
}

/// One admin mobile number, in the order given.
struct AdminNumberRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "admin_numbers"

    var position: Int
    var number: String
    var typed: String
}
