import Foundation
import GRDB
import JSONCore

/// A store as the directory of stores knows it: who it is, whether the app is installed in it, and what the
/// install granted. Its connection details are the same row's (``StoreSettings``); tokens are never shown.
public struct StoreRecord: Sendable, Equatable, Codable, FetchableRecord, TableRecord {
    public static let databaseTableName = "stores"

    public var id: Int64
    public var storeHash: String?
    public var storeName: String?
    public var storeDomain: String?
    public var state: StoreState
    /// The scopes the install granted, space-separated as BigCommerce gives them.
    public var scopes: String?
    public var accountUUID: String?
    public var ownerUserID: Int64?
    public var ownerEmail: String?
    public var installedAt: Date?
    public var uninstalledAt: Date?
    public var updatedAt: Date
    /// Whether a token to call the store is kept (never the token itself).
    public var hasAccessToken: Bool

    public init(
        id: Int64, storeHash: String?, storeName: String?, storeDomain: String?, state: StoreState, scopes: String?,
        accountUUID: String?, ownerUserID: Int64?, ownerEmail: String?, installedAt: Date?, uninstalledAt: Date?,
        updatedAt: Date, hasAccessToken: Bool
    ) {
        self.id = id
        self.storeHash = storeHash
        self.storeName = storeName
        self.storeDomain = storeDomain
        self.state = state
        self.scopes = scopes
        self.accountUUID = accountUUID
        self.ownerUserID = ownerUserID
        self.ownerEmail = ownerEmail
        self.installedAt = installedAt
        self.uninstalledAt = uninstalledAt
        self.updatedAt = updatedAt
        self.hasAccessToken = hasAccessToken
    }

    /// The store's id.
    public var storeID: StoreID { StoreID(rawValue: id) }

    enum CodingKeys: String, CodingKey {
        case id
        case storeHash = "store_hash"
        case storeName = "store_name"
        case storeDomain = "store_domain"
        case state
        case scopes
        case accountUUID = "account_uuid"
        case ownerUserID = "owner_user_id"
        case ownerEmail = "owner_email"
        case installedAt = "installed_at"
        case uninstalledAt = "uninstalled_at"
        case updatedAt = "updated_at"
        case hasAccessToken = "has_access_token"
    }

    /// The columns read, with whether a token is kept in place of the token.
    public static var databaseSelection: [any SQLSelectable] {
        [
            Column("id"), Column("store_hash"), Column("store_name"), Column("store_domain"), Column("state"),
            Column("scopes"), Column("account_uuid"), Column("owner_user_id"), Column("owner_email"),
            Column("installed_at"), Column("uninstalled_at"), Column("updated_at"),
            SQL("access_token IS NOT NULL").forKey("has_access_token"),
        ]
    }
}

/// Whether the app is installed in a store.
public enum StoreState: String, Sendable, Codable, CaseIterable, StringEnumeration {
    public static let valueNoun = "a store state"

    /// Installed (or connected by hand): its webhooks are taken and its SMS sent.
    case active
    /// Uninstalled: its token is erased, its webhooks refused and its queued SMS cancelled; its history is
    /// kept for the retention period.
    case uninstalled
}
