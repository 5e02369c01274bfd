import BigCommerceAPI
import Foundation
import HTTPClient
import JSONCore
import Logging

/// Each store's connection and everything that asks a store.
public actor StoreService {
    private let storage: any StoreSettingsStorage
    private let transport: any HTTPTransport
    let logger: Logger
    private let now: @Sendable () -> Date
    /// One pacer per store for its quota, shared by every call to it (all of the service's requests to a store
    /// count against that store's quota).
    private var pacers: [StoreID: QuotaPacer] = [:]

    public init(
        database: AppDatabase, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteStoreSettingsStorage(database: database), transport: transport, logger: logger, now: now)
    }

    /// The connections kept in `storage`.
    public init(
        storage: any StoreSettingsStorage, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
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

    /// The connection of `store` (the initial one when nothing was saved yet).
    public func settings(of store: StoreID) async throws -> StoreSettings {
        let time = now()
        return try await storage.load(of: store) ?? .initial(store: store, now: time)
    }

    /// Checks and saves `update`, then checks the credentials with `GET /v2/store`.
    ///
    /// - Throws: ``ValidationError`` for a field that is not acceptable; nothing is saved then.
    public func update(_ update: StoreUpdate, of store: StoreID) async throws -> (StoreSettings, CredentialCheck) {
        let time = now()
        guard
            var saved = try await storage.update(
                of: store,
                { stored in
                    var settings = try update.applied(to: stored ?? .initial(store: store, now: time))
                    settings.updatedAt = time
                    return settings
                })
        else { return (.initial(store: store, now: time), .notConfigured) }
        if update.accessToken != .keep { try? await storage.eraseOverwrittenSecrets() }
        guard let client = client(for: saved) else { return (saved, .notConfigured) }
        let answer: JSONValue
        do {
            answer = try await client.get("/v2/store")
        } catch {
            logger.notice("the store did not confirm the credentials: \(error)")
            return (saved, CredentialCheck(error))
        }
        do {
            let profile = Self.profile(answer)
            saved.storeName = profile.name
            saved.storeDomain = profile.domain
            saved.storeCountry = profile.country
            saved.storeTimezone = profile.timezone
            saved.checkedAt = now()
            let checked = saved
            try await storage.update(of: store) { stored in
                // Only while the same credentials are stored: the profile belongs to them.
                guard let stored, stored.storeHash == checked.storeHash, stored.accessToken == checked.accessToken,
                    stored.apiURL == checked.apiURL
                else { return nil }
                return checked
            }
            return (saved, .valid(profile))
        } catch {
            logger.warning("saving the store's profile failed: \(error)")
            return (saved, .valid(Self.profile(answer)))
        }
    }

    /// A client for the stored connection of `store`; nil when it is not configured.
    public func client(of store: StoreID) async throws -> BigCommerceClient? {
        client(for: try await settings(of: store))
    }

    private func client(for settings: StoreSettings) -> BigCommerceClient? {
        guard let hash = settings.storeHash, let token = settings.accessToken else { return nil }
        return BigCommerceClient(
            configuration: BigCommerceConfiguration(apiURL: settings.apiURL, storeHash: hash, accessToken: token),
            transport: transport, pacer: pacer(of: settings.store), logger: logger)
    }

    /// The quota pacer of `store`.
    private func pacer(of store: StoreID) -> QuotaPacer {
        if let pacer = pacers[store] { return pacer }
        let pacer = QuotaPacer()
        pacers[store] = pacer
        return pacer
    }

    static func profile(_ store: JSONValue) -> StoreProfile {
        StoreProfile(
            name: store["name"]?.stringValue, domain: store["domain"]?.stringValue,
            country: store["country_code"]?.stringValue ?? store["country"]?.stringValue,
            timezone: store["timezone"]?["name"]?.stringValue ?? store["timezone"]?.stringValue)
    }
}
