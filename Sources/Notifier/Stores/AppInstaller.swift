import BigCommerceAPI
import Foundation
import HTTPClient
import Logging

/// The BigCommerce app's flow, as BigCommerce drives it: the auth callback's install (the code exchanged for
/// the store's token, the store stored, its webhooks registered), and the signed callbacks that open the app
/// (load), remove it (uninstall) and remove one of its users (remove_user).
///
/// A code is taken once: presented again, even while the first exchange is under way, it is refused without
/// asking BigCommerce. A load's signed payload is taken once too (its `jti`), so a copied link cannot open the
/// console again.
public actor AppInstaller {
    let directory: StoreDirectory
    private let store: StoreService
    private let transport: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date
    /// The codes presented, as SHA-256 hex.
    private var presentedCodes = PresentedOnce(limit: memoryLimit)
    /// The signed payloads taken (their `jti`), until they expire.
    var takenPayloads = PresentedOnce(limit: memoryLimit)
    /// How long a code is remembered: longer than BigCommerce keeps one valid.
    static let codeMemory: TimeInterval = 3600
    /// The most codes, and the most payloads, remembered; the first remembered are forgotten first.
    static let memoryLimit = 100_000

    public init(
        directory: StoreDirectory, store: StoreService, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.directory = directory
        self.store = store
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// The auth callback's query: `code`, `scope`, `context` (`stores/{hash}`) and `account_uuid`.
    public struct AuthCallback: Sendable, Equatable {
        public var code: String
        public var scope: String
        public var context: String
        public var accountUUID: String?

        public init(code: String, scope: String, context: String, accountUUID: String?) {
            self.code = code
            self.scope = scope
            self.context = context
            self.accountUUID = accountUUID
        }
    }

    /// Where the store's webhooks go, and the header they carry back.
    public struct HookTarget: Sendable, Equatable {
        public var destination: String
        public var header: (name: String, value: String)

        public init(destination: String, header: (name: String, value: String)) {
            self.destination = destination
            self.header = header
        }

        public static func == (left: HookTarget, right: HookTarget) -> Bool {
            left.destination == right.destination && left.header == right.header
        }
    }

    /// What became of the store's webhooks at install.
    public enum HookOutcome: Sendable, Equatable {
        /// The nine hooks point at the service.
        case registered(Int)
        /// The store refused or could not be reached: `store.registerWebhooks` can try again.
        case failed(String)
    }

    /// An install done.
    public struct Installed: Sendable, Equatable {
        public let store: StoreID
        public let storeHash: String
        /// The user who installed the app: its owner here.
        public let user: AppUser
        /// Whether the store had installed the app before (its settings and history kept).
        public let reinstalled: Bool
        /// When this install was made: what the console's sessions are bound to.
        public let installedAt: Date
        public let hooks: HookOutcome
    }

    /// Installs the app in the store of `callback`: exchanges its code at the app's login service with
    /// `redirectURI` (the auth callback's own URL), stores the store and its token, registers its webhooks.
    ///
    /// - Throws: ``AppFlowError``; nothing is stored then.
    public func install(_ callback: AuthCallback, redirectURI: String, hooks target: HookTarget)
        async throws(AppFlowError) -> Installed
    {
        let app = try await credentials()
        guard Self.isCode(callback.code), AppContext.storeHash(callback.context) != nil else {
            throw AppFlowError(.badRequest, log: "an auth callback without a well-formed code or a store context")
        }
        let codeKey = SecretDigest.hex(callback.code)
        let time = now()
        guard presentedCodes.take(codeKey, until: time.addingTimeInterval(Self.codeMemory), now: time) else {
            throw AppFlowError(
                .codeRefused, log: "an install's code for \(callback.context.prefix(80)) was presented again")
        }
        let settings: AppSettings
        do {
            settings = try await directory.appSettings()
        } catch {
            presentedCodes.forget(codeKey)
            throw AppFlowError(.loginUnavailable, log: "the app's settings could not be read: \(error)")
        }
        let grant: AppGrant
        do {
            grant = try await AppLoginClient(loginURL: settings.loginURL, transport: transport).exchange(
                code: callback.code, scope: callback.scope, context: callback.context, redirectURI: redirectURI,
                credentials: app)
        } catch {
            switch error.kind {
            case .refused, .malformedAnswer:
                throw AppFlowError(.codeRefused, log: "the install of \(callback.context.prefix(80)): \(error)")
            case .unavailable:
                // Not taken by BigCommerce, perhaps: the merchant's retry may present it again.
                presentedCodes.forget(codeKey)
                throw AppFlowError(.loginUnavailable, log: "the install of \(callback.context.prefix(80)): \(error)")
            }
        }
        let stored: (StoreID, reinstalled: Bool)
        do {
            stored = try await directory.install(
                StoreDirectory.Grant(
                    storeHash: grant.storeHash, accessToken: grant.accessToken, scopes: grant.scope,
                    accountUUID: grant.accountUUID ?? callback.accountUUID, ownerUserID: grant.user.id,
                    ownerEmail: grant.user.email, apiURL: settings.apiURL))
        } catch {
            throw AppFlowError(
                .loginUnavailable, log: "the install of stores/\(grant.storeHash) was not stored: \(error)")
        }
        // The store's name, domain, country and time zone (GET /v2/store), as store.set learns them.
        switch try? await store.update(StoreUpdate(), of: stored.0) {
        case (_, .valid)?: break
        default: logger.notice("the profile of stores/\(grant.storeHash) could not be read at install")
        }
        let hooks = await registerHooks(of: stored.0, target: target)
        logger.notice(
            "app \(stored.reinstalled ? "re-installed" : "installed") in stores/\(grant.storeHash) (\(stored.0)) by user \(grant.user.id); webhooks: \(hooks)"
        )
        let installedAt = (try? await directory.route(stored.0))?.installedAt ?? now()
        return Installed(
            store: stored.0, storeHash: grant.storeHash, user: grant.user, reinstalled: stored.reinstalled,
            installedAt: installedAt, hooks: hooks)
    }

    /// The app's credentials.
    func credentials() async throws(AppFlowError) -> AppCredentials {
        let settings: AppSettings
        do {
            settings = try await directory.appSettings()
        } catch {
            throw AppFlowError(.loginUnavailable, log: "the app's settings could not be read: \(error)")
        }
        guard let id = settings.clientID, let secret = settings.clientSecret else {
            throw AppFlowError(
                .notConfigured,
                log: "a BigCommerce callback arrived, but app.set has not been given the client id and secret")
        }
        return AppCredentials(clientID: id, clientSecret: secret)
    }

    private func registerHooks(of store: StoreID, target: HookTarget) async -> HookOutcome {
        do {
            let done = try await self.store.registerWebhooks(
                of: store, destination: target.destination, header: target.header)
            return .registered(done.count)
        } catch {
            logger.warning("the webhooks of \(store) were not registered at install: \(error)")
            return .failed("\(error)")
        }
    }

    /// Whether `code` has an authorization code's shape: 1 to 512 printable ASCII characters, no spaces.
    static func isCode(_ code: String) -> Bool {
        (1...512).contains(code.utf8.count) && code.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
