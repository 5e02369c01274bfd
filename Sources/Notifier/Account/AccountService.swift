import Foundation
import HTTPClient
import JSONCore
import Logging
import MoceanAPI

/// Each store's account settings and everything that asks the gateway about an account.
public actor AccountService {
    private let storage: any AccountSettingsStorage
    private let transport: any HTTPTransport
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// How long a currency learned from the pricing endpoint is trusted.
    static let currencyLifetime: TimeInterval = 24 * 3600

    /// The accounts kept in the SQLite `database`.
    public init(
        database: AppDatabase, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteAccountSettingsStorage(database: database), transport: transport, logger: logger, now: now)
    }

    /// The accounts kept in `storage`.
    public init(
        storage: any AccountSettingsStorage, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// The current settings of `store` (the initial ones when nothing was saved yet).
    public func settings(of store: StoreID) async throws -> AccountSettings {
        let now = now()
        return try await storage.load(of: store) ?? .initial(store: store, now: now)
    }

    /// Validates and saves `update`, then checks the resulting credentials against the gateway, as the seed
    /// does: "if correct credentials are given, your credit balance will appear".
    ///
    /// - Throws: ``ValidationError`` when a field is not acceptable; nothing is saved then.
    public func update(_ update: AccountUpdate, of store: StoreID) async throws -> (AccountSettings, CredentialCheck) {
        let time = now()
        let saved = try await storage.update(of: store) { stored in
            var settings = try update.applied(to: stored ?? .initial(store: store, now: time))
            settings.updatedAt = time
            return settings
        }
        guard let saved else { throw AccountStorageFailure() }
        logger.info("account settings of \(store) saved")
        if update.apiSecret != .keep || update.apiToken != .keep {
            do {
                try await storage.eraseOverwrittenSecrets()
            } catch {
                logger.warning("emptying the write-ahead log after a secret changed failed: \(error)")
            }
        }
        guard let client = client(for: saved) else { return (saved, .notConfigured) }
        do {
            let balance = try await self.balance(using: client, settings: saved)
            // The settings this check was about, even if another call changed them meanwhile.
            return (saved, .valid(balance))
        } catch {
            logger.notice("the gateway did not confirm the credentials: \(error)")
            return (saved, CredentialCheck(error))
        }
    }

    /// The balance with its currency (cached for a day from the pricing endpoint).
    ///
    /// - Throws: ``AccountError``, or the database's error when the settings cannot be read.
    public func balance(of store: StoreID) async throws -> Balance {
        let current = try await settings(of: store)
        guard let client = client(for: current) else { throw AccountError.notConfigured }
        do {
            return try await balance(using: client, settings: current)
        } catch {
            throw AccountError.gateway(error)
        }
    }

    /// A gateway client for `settings`, or nil when the credentials are incomplete.
    public func client(for settings: AccountSettings) -> MoceanClient? {
        let credentials: MoceanConfiguration.Credentials
        switch settings.authentication {
        case .token(let token)?: credentials = .token(token)
        case .keyAndSecret(let key, let secret)?: credentials = .keyAndSecret(key: key, secret: secret)
        case nil: return nil
        }
        return MoceanClient(
            configuration: MoceanConfiguration(baseURL: settings.gatewayURL, credentials: credentials),
            transport: transport, logger: logger)
    }

    private func balance(using client: MoceanClient, settings: AccountSettings) async throws(MoceanError) -> Balance {
        let value = try await client.balance()
        return Balance(value: value, currency: await currency(using: client, settings: settings))
    }

    /// The currency: the cached one while fresh, else the pricing endpoint's first row (nil if that fails).
    private func currency(using client: MoceanClient, settings: AccountSettings) async -> String? {
        if let currency = settings.currency, let checked = settings.currencyCheckedAt,
            now().timeIntervalSince(checked) < Self.currencyLifetime
        {
            return currency
        }
        guard let currency = try? await client.pricing().first?.currency, !currency.isEmpty else {
            return settings.currency
        }
        let time = now()
        do {
            try await storage.update(of: settings.store) { stored in
                // Only while the same credentials and gateway are stored: the currency belongs to them.
                guard var stored, stored.authentication == settings.authentication,
                    stored.gatewayURL == settings.gatewayURL
                else { return nil }
                stored.currency = currency
                stored.currencyCheckedAt = time
                return stored
            }
        } catch {
            logger.warning("caching the currency failed: \(error)")
        }
        return currency
    }
}

/// The storage answered a change without the settings it saved.
struct AccountStorageFailure: Error, CustomStringConvertible {
    var description: String { "the account settings were not saved" }
}
