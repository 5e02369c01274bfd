import Foundation
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
/// At most ``maximumCount`` sessions are kept (the least recently used goes first); all end when the service
/// stops.
actor ConsoleSessions {
    /// How long a cookie session lasts without a request.
    static let idleLifetime: Duration = .seconds(12 * 3600)
    /// How long a page session lasts without a request.
    static let pageIdleLifetime: Duration = .seconds(2 * 3600)
    /// The most a page session lasts: the control panel opens a new one each time the app is opened.
    static let pageLifetime: Duration = .seconds(12 * 3600)
    /// The most sessions kept at once.
    static let maximumCount = 10_000
    /// The cookie's name.
    static let cookieName = "mocean_notify_session"
    /// What a page session's token starts with, so that it is never taken for an API token.
    static let pageTokenPrefix = "mncs_"

    private struct Session {
        let caller: Caller
        /// The store user a page session was opened for.
        let user: Int64?
        /// The store's install a page session was opened under: a later install is not this session's.
        let installedAt: Date?
        let createdAt: ContinuousClock.Instant
        var lastUse: ContinuousClock.Instant
        let isPage: Bool
    }

    private var sessions: [String: Session] = [:]

    /// A new cookie session's id: the operator's.
    func create() -> String {
        add(
            Session(caller: .operator, user: nil, installedAt: nil, createdAt: .now, lastUse: .now, isPage: false),
            prefix: "")
    }

    /// A new page session's token, bound to `store`, its install made at `installedAt`, and its `user`.
    func createPage(store: StoreID, installedAt: Date, user: Int64) -> String {
        add(
            Session(
                caller: .store(store), user: user, installedAt: installedAt, createdAt: .now, lastUse: .now,
                isPage: true),
            prefix: Self.pageTokenPrefix)
    }

    /// Whether `id` names a live cookie session; its lifetime starts again if so.
    func isValid(_ id: String) -> Bool {
        guard let session = use(id), !session.isPage else { return false }
        return true
    }

    /// The store a live page session's `token` is bound to, and the install it was opened under; its idle
    /// lifetime starts again.
    func pageSession(_ token: String) -> (store: StoreID, installedAt: Date)? {
        guard let session = use(token), session.isPage, case .store(let store) = session.caller,
            let installedAt = session.installedAt
        else { return nil }
        return (store, installedAt)
    }

    /// Ends the session `id` (sign-out).
    func remove(_ id: String) {
        sessions[id] = nil
    }

    /// Ends every session of `user` in `store` (the user was removed from the app); how many ended.
    @discardableResult
    func end(store: StoreID, user: Int64) -> Int {
        let before = sessions.count
        sessions = sessions.filter { !($0.value.caller == .store(store) && $0.value.user == user) }
        return before - sessions.count
    }

    /// Ends every session bound to `store` (the app was uninstalled); how many ended.
    @discardableResult
    func end(store: StoreID) -> Int {
        let before = sessions.count
        sessions = sessions.filter { $0.value.caller != .store(store) }
        return before - sessions.count
    }

    private func add(_ session: Session, prefix: String) -> String {
        if sessions.count >= Self.maximumCount,
            let oldest = sessions.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
        {
            sessions[oldest] = nil
        }
        let id = prefix + EndpointSecrets.randomHex(bytes: 32)
        sessions[id] = session
        return id
    }

    /// The live session `id`, its last use now; nil (and forgotten) when it has run out.
    private func use(_ id: String) -> Session? {
        guard var session = sessions[id] else { return nil }
        let now = ContinuousClock.now
        let alive =
            session.isPage
            ? now - session.lastUse < Self.pageIdleLifetime && now - session.createdAt < Self.pageLifetime
            : now - session.lastUse < Self.idleLifetime
        guard alive else {
            sessions[id] = nil
            return nil
        }
        session.lastUse = now
        sessions[id] = session
        return session
    }
}
