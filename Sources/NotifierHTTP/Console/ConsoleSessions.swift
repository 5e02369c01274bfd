import Foundation
import Logging
import Notifier
import NotifierRPC

/// Signed-in browsers of the console, of two kinds:
///
/// - **Cookie sessions**: a sign-in with the service's token at `/`. The random session id lives in an
///   `HttpOnly`, `SameSite=Strict` cookie, never in a URL or the page's storage; the operator's.
/// - **Page sessions**: a console opened from a store's control panel (the app's load or auth callback). The
///   control panel shows it in an iframe, a third-party context where a `SameSite=Strict` cookie is never sent,
///   so the session's token is written into the page itself and sent by the console's scripts as a bearer
///   token. It is bound to one store and one of its users, lives ``pageIdleLifetime`` without a request and
///   ``pageLifetime`` at most, and ends when that user is removed or the app uninstalled.
///
/// At most ``maximumCount`` sessions are kept (the least recently used goes first). They are kept in the
/// database under the SHA-256 of their ids (``ConsoleSessionStorage``), so that a session opened on one instance
/// is valid on every instance behind a load balancer, and survives a restart; a use is recorded at most once
/// every ``useRecordInterval``, far below the lifetimes. A session the database cannot be asked about is not
/// valid (the request is refused, never let through).
struct ConsoleSessions: Sendable {
    /// How long a cookie session lasts without a request.
    static let idleLifetime: TimeInterval = 12 * 3600
    /// How long a page session lasts without a request.
    static let pageIdleLifetime: TimeInterval = 2 * 3600
    /// The most a page session lasts: the control panel opens a new one each time the app is opened.
    static let pageLifetime: TimeInterval = 12 * 3600
    /// The most sessions kept at once.
    static let maximumCount = 10_000
    /// How often a session's use is written: its idle lifetime is reckoned to within this.
    static let useRecordInterval: TimeInterval = 60
    /// The cookie's name.
    static let cookieName = "mocean_notify_session"
    /// What a page session's token starts with, so that it is never taken for an API token.
    static let pageTokenPrefix = "mncs_"

    let storage: any ConsoleSessionStorage
    let logger: Logger
    let now: @Sendable () -> Date

    init(storage: any ConsoleSessionStorage, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.storage = storage
        self.logger = logger
        self.now = now
    }

    /// A new cookie session's id: the operator's.
    func create() async throws -> String {
        try await add(
            ConsoleSession(kind: .cookie, store: nil, user: nil, installedAt: nil, createdAt: now(), lastUse: now()),
            prefix: "")
    }

    /// A new page session's token, bound to `store`, its install made at `installedAt`, and its `user`.
    func createPage(store: StoreID, installedAt: Date, user: Int64) async throws -> String {
        try await add(
            ConsoleSession(
                kind: .page, store: store.rawValue, user: user, installedAt: installedAt, createdAt: now(),
                lastUse: now()),
            prefix: Self.pageTokenPrefix)
    }

    /// Whether `id` names a live cookie session; its lifetime starts again if so.
    func isValid(_ id: String) async -> Bool {
        guard let session = await use(id), session.kind == .cookie else { return false }
        return true
    }

    /// The store a live page session's `token` is bound to, and the install it was opened under; its idle
    /// lifetime starts again.
    func pageSession(_ token: String) async -> (store: StoreID, installedAt: Date)? {
        guard let session = await use(token), session.kind == .page, let store = session.store,
            let installedAt = session.installedAt
        else { return nil }
        return (StoreID(rawValue: store), installedAt)
    }

    /// Ends the session `id` (sign-out).
    func remove(_ id: String) async {
        do {
            try await storage.remove(digest: SecretDigest.hex(id))
        } catch {
            logger.error("ending a console session failed: \(error)")
        }
    }

    /// Ends every session of `user` in `store` (the user was removed from the app); how many ended.
    @discardableResult
    func end(store: StoreID, user: Int64) async -> Int {
        await end(store: store, user: Optional(user))
    }

    /// Ends every session bound to `store` (the app was uninstalled); how many ended.
    @discardableResult
    func end(store: StoreID) async -> Int {
        await end(store: store, user: nil)
    }

    private func end(store: StoreID, user: Int64?) async -> Int {
        do {
            return try await storage.removeAll(store: store, user: user)
        } catch {
            logger.error("ending the console sessions of store \(store.rawValue) failed: \(error)")
            return 0
        }
    }

    private func add(_ session: ConsoleSession, prefix: String) async throws -> String {
        let id = prefix + EndpointSecrets.randomHex(bytes: 32)
        try await storage.insert(session, digest: SecretDigest.hex(id), keepingAtMost: Self.maximumCount)
        return id
    }

    /// The live session `id`, its use recorded; nil (and ended) when it has run out or is unknown.
    private func use(_ id: String) async -> ConsoleSession? {
        let digest = SecretDigest.hex(id)
        do {
            guard let session = try await storage.session(digest: digest) else { return nil }
            let time = now()
            let idle = time.timeIntervalSince(session.lastUse)
            let alive =
                session.kind == .page
                ? idle < Self.pageIdleLifetime && time.timeIntervalSince(session.createdAt) < Self.pageLifetime
                : idle < Self.idleLifetime
            guard alive else {
                try await storage.remove(digest: digest)
                return nil
            }
            if idle >= Self.useRecordInterval { try await storage.touch(digest: digest, at: time) }
            return session
        } catch {
            logger.error("reading a console session failed (the request is refused): \(error)")
            return nil
        }
    }
}
