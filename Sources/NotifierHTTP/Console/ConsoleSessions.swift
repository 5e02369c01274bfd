import Foundation
import Notifier

/// Signed-in browsers of the console: a random session id (kept in an `HttpOnly`, `SameSite=Strict`
/// cookie, never in a URL or the page's storage) per sign-in with the service's token. Sessions end after
/// ``idleLifetime`` without a request, at sign-out, or when the service stops; at most ``maximumCount``
/// are kept (the least recently used goes first).
actor ConsoleSessions {
    /// How long a session lasts without a request.
    static let idleLifetime: Duration = .seconds(12 * 3600)
    /// The most sessions kept at once.
    static let maximumCount = 1000
    /// The cookie's name.
    static let cookieName = "mocean_notify_session"

    private var lastUse: [String: ContinuousClock.Instant] = [:]

    /// A new session's id.
    func create() -> String {
        if lastUse.count >= Self.maximumCount, let oldest = lastUse.min(by: { $0.value < $1.value })?.key {
            lastUse[oldest] = nil
        }
        let id = EndpointSecrets.randomHex(bytes: 32)
        lastUse[id] = ContinuousClock.now
        return id
    }

    /// Whether `id` names a live session; its lifetime starts again if so.
    func isValid(_ id: String) -> Bool {
        guard let used = lastUse[id] else { return false }
        guard ContinuousClock.now - used < Self.idleLifetime else {
            lastUse[id] = nil
            return false
        }
        lastUse[id] = ContinuousClock.now
        return true
    }

    /// Ends the session `id` (sign-out).
    func remove(_ id: String) {
        lastUse[id] = nil
    }
}
