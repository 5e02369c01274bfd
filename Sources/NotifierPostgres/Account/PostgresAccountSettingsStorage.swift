import Foundation
import Logging
import Notifier
import PostgresNIO

/// The account settings in PostgreSQL. A change takes the store's advisory lock first, so that changes of one
/// store made together on several instances apply one after the other (the row may not exist yet, so a row
/// lock alone could not order the first two).
public struct PostgresAccountSettingsStorage: AccountSettingsStorage {
    let client: PostgresClient
    let logger: Logger
    /// The advisory locks' first key: "acct" in ASCII; the second is the store's id.
    static let lockClass: Int32 = 0x6163_6374

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func load(of store: StoreID) async throws -> AccountSettings? {
        try await Self.read(client.query(Self.select(store), logger: logger), store: store)
    }

    @discardableResult
    public func update(of store: StoreID, _ change: @Sendable (AccountSettings?) throws -> AccountSettings?)
        async throws -> AccountSettings?
    {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Self.lockClass), \(Int32(clamping: store.rawValue)))",
                logger: logger)
            let stored = try await Self.read(connection.query(Self.select(store), logger: logger), store: store)
            guard let settings = try change(stored) else { return nil }
            try await connection.query(
                """
                INSERT INTO account_settings (id, api_key, api_secret, api_token, sender, admin_country,
                    customer_country, gateway_url, currency, currency_checked_at, updated_at,
                    allow_foreign_numbers, sms_capable_only)
                VALUES (\(store.rawValue), \(settings.apiKey), \(settings.apiSecret), \(settings.apiToken),
                    \(settings.sender), \(settings.adminCountry), \(settings.customerCountry),
                    \(settings.gatewayURL), \(settings.currency), \(settings.currencyCheckedAt),
                    \(settings.updatedAt), \(settings.allowForeignNumbers), \(settings.smsCapableOnly))
                ON CONFLICT (id) DO UPDATE SET api_key = excluded.api_key, api_secret = excluded.api_secret,
                    api_token = excluded.api_token, sender = excluded.sender,
                    admin_country = excluded.admin_country, customer_country = excluded.customer_country,
                    gateway_url = excluded.gateway_url, currency = excluded.currency,
                    currency_checked_at = excluded.currency_checked_at, updated_at = excluded.updated_at,
                    allow_foreign_numbers = excluded.allow_foreign_numbers,
                    sms_capable_only = excluded.sms_capable_only
                """, logger: logger)
            return settings
        }
    }

    /// PostgreSQL keeps no overwritten value where a reader of the database's files would find it in the normal
    /// course: nothing to do beyond what VACUUM does.
    public func eraseOverwrittenSecrets() async throws {}

    private static func select(_ store: StoreID) -> PostgresQuery {
        """
        SELECT api_key, api_secret, api_token, sender, admin_country, customer_country, gateway_url, currency,
            currency_checked_at, updated_at, allow_foreign_numbers, sms_capable_only
        FROM account_settings WHERE id = \(store.rawValue)
        """
    }

    private static func read(_ rows: PostgresRowSequence, store: StoreID) async throws -> AccountSettings? {
        for try await row in rows {
            let (key, secret, token, sender, admin, customer, gateway, currency, checked, updated, foreign, capable) =
                try row.decode(
                    (
                        String?, String?, String?, String?, String?, String?, String, String?, Date?, Date, Bool, Bool
                    ).self)
            var settings = AccountSettings.initial(store: store, now: updated)
            settings.apiKey = key
            settings.apiSecret = secret
            settings.apiToken = token
            settings.sender = sender
            settings.adminCountry = admin
            settings.customerCountry = customer
            settings.gatewayURL = gateway
            settings.currency = currency
            settings.currencyCheckedAt = checked
            settings.allowForeignNumbers = foreign
            settings.smsCapableOnly = capable
            return settings
        }
        return nil
    }
}
