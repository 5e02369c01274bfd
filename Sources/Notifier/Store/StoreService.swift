import BigCommerceAPI
import Foundation
import GRDB
import HTTPClient
import JSONCore
import Logging

/// The store connection and everything that asks the store.
public actor StoreService {
    private let database: AppDatabase
    private let transport: any HTTPTransport
    let logger: Logger
    private let now: @Sendable () -> Date
    /// One pacer for the store's quota, shared by every call (all of the service's requests count against it).
    private let pacer = QuotaPacer()

    public init(
        database: AppDatabase, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// What the store said of the credentials.
    public enum CredentialCheck: Sendable, Equatable {
        case valid(StoreProfile)
        /// The store refused them (401, 403, or a store that does not exist).
        case invalid(BigCommerceError)
        /// Network, timeout, rate limit, 5xx: try again later.
        case unreachable(BigCommerceError)
        case failed(BigCommerceError)
        case notConfigured

        init(_ error: BigCommerceError) {
            switch error.kind {
            case .unauthorized, .gone: self = .invalid(error)
            case .network, .timeout, .rateLimited, .serverError: self = .unreachable(error)
            default: self = .failed(error)
            }
        }
    }

    /// The store as `GET /v2/store` describes it.
    public struct StoreProfile: Sendable, Equatable {
        public let name: String?
        public let domain: String?
        public let country: String?
        public let timezone: String?
    }

    public func settings() async throws -> StoreSettings {
        let time = now()
        return try await database.writer.read { db in try StoreSettings.fetchOne(db) } ?? .initial(now: time)
    }

    /// Checks and saves `update`, then checks the credentials with `GET /v2/store`.
    ///
    /// - Throws: ``ValidationError`` for a field that is not acceptable; nothing is saved then.
    public func update(_ update: StoreUpdate) async throws -> (StoreSettings, CredentialCheck) {
        let time = now()
        var saved = try await database.writer.write { db in
            var settings = try StoreSettings.fetchOne(db) ?? .initial(now: time)
            settings = try update.applied(to: settings)
            settings.updatedAt = time
            try settings.save(db)
            return settings
        }
        if update.accessToken != .keep { try? await database.checkpointAndTruncateLog() }
        guard let client = client(for: saved) else { return (saved, .notConfigured) }
        let store: JSONValue
        do {
            store = try await client.get("/v2/store")
        } catch {
            logger.notice("the store did not confirm the credentials: \(error)")
            return (saved, CredentialCheck(error))
        }
        do {
            let profile = Self.profile(store)
            saved.storeName = profile.name
            saved.storeDomain = profile.domain
            saved.storeCountry = profile.country
            saved.storeTimezone = profile.timezone
            saved.checkedAt = now()
            let checked = saved
            try await database.writer.write { db in
                // Only while the same credentials are stored: the profile belongs to them.
                guard let stored = try StoreSettings.fetchOne(db), stored.storeHash == checked.storeHash,
                    stored.accessToken == checked.accessToken, stored.apiURL == checked.apiURL
                else { return }
                try checked.save(db)
            }
            return (saved, .valid(profile))
        } catch {
            logger.warning("saving the store's profile failed: \(error)")
            return (saved, .valid(Self.profile(store)))
        }
    }

    /// A client for the stored connection; nil when it is not configured.
    public func client() async throws -> BigCommerceClient? {
        client(for: try await settings())
    }

    private func client(for settings: StoreSettings) -> BigCommerceClient? {
        guard let hash = settings.storeHash, let token = settings.accessToken else { return nil }
        return BigCommerceClient(
            configuration: BigCommerceConfiguration(apiURL: settings.apiURL, storeHash: hash, accessToken: token),
            transport: transport, pacer: pacer, logger: logger)
    }

    static func profile(_ store: JSONValue) -> StoreProfile {
        StoreProfile(
            name: store["name"]?.stringValue, domain: store["domain"]?.stringValue,
            country: store["country_code"]?.stringValue ?? store["country"]?.stringValue,
            timezone: store["timezone"]?["name"]?.stringValue ?? store["timezone"]?.stringValue)
    }
}
