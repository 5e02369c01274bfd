import BigCommerceAPI
import Foundation

/// The app's signed callbacks: load, uninstall and remove_user.
///
/// Each payload is verified (``SignedPayloadVerifier``), must carry a `jti` and is taken once, whatever the
/// callback; it must name a store where the app is installed, and must have been signed after that store's
/// current install (a payload of an earlier install, replayed from a log, is refused).
extension AppInstaller {
    /// A verified payload and the store it is for.
    public struct Callback: Sendable, Equatable {
        public let store: StoreID
        /// When the store's current install was made: what the console's sessions are bound to.
        public let installedAt: Date
        public let payload: SignedPayload
    }

    /// The store and user a load callback opens the app for.
    ///
    /// - Parameter token: the `signed_payload_jwt`, nil when the request has none.
    /// - Throws: ``AppFlowError``: a refused payload, one taken before, or a store the app is not installed in.
    public func load(_ token: String?) async throws(AppFlowError) -> Callback {
        try await take(token, callback: "load")
    }

    /// Uninstalls the app from the payload's store (``StoreDirectory/uninstall(hash:)``).
    ///
    /// - Throws: ``AppFlowError``.
    public func uninstall(_ token: String?) async throws(AppFlowError) -> StoreDirectory.Uninstalled {
        let callback = try await take(token, callback: "uninstall")
        let hash = callback.payload.storeHash
        let done: StoreDirectory.Uninstalled?
        do {
            done = try await directory.uninstall(hash: hash)
        } catch {
            throw AppFlowError(.loginUnavailable, log: "the uninstall of stores/\(hash) failed: \(error)")
        }
        guard let done else {
            throw AppFlowError(.unknownStore, log: "an uninstall of stores/\(hash), which is not installed")
        }
        logger.notice(
            "app uninstalled from stores/\(hash) (\(done.store)): its token erased, \(done.cancelledMessages) queued SMS and \(done.cancelledBroadcasts) broadcasts cancelled"
        )
        return done
    }

    /// The store and the user a remove_user callback removes.
    ///
    /// - Throws: ``AppFlowError``.
    public func removeUser(_ token: String?) async throws(AppFlowError) -> Callback {
        let callback = try await take(token, callback: "remove_user")
        logger.notice("user \(callback.payload.user.id) removed from the app in stores/\(callback.payload.storeHash)")
        return callback
    }

    /// The payload of `token`, verified, taken once, for a store where the app is installed since before it was
    /// signed.
    private func take(_ token: String?, callback: String) async throws(AppFlowError) -> Callback {
        let app = try await credentials()
        guard let token, !token.isEmpty else {
            throw AppFlowError(.badRequest, log: "a \(callback) callback without signed_payload_jwt")
        }
        let time = now()
        let payload: SignedPayload
        do {
            payload = try SignedPayloadVerifier(credentials: app).verify(token, now: time)
        } catch {
            throw AppFlowError(.payloadRefused, log: "\(callback): \(error)")
        }
        guard let id = payload.tokenID, !id.isEmpty else {
            throw AppFlowError(.payloadRefused, log: "\(callback): the signed payload has no jti")
        }
        guard
            takenPayloads.take(
                "\(callback) \(id)", until: payload.expiresAt.addingTimeInterval(SignedPayloadVerifier.leeway),
                now: time)
        else {
            throw AppFlowError(
                .payloadRefused, log: "\(callback): a signed payload was presented again (jti \(id.prefix(40)))")
        }
        let route: StoreRoute?
        do {
            route = try await directory.route(hash: payload.storeHash)
        } catch {
            takenPayloads.forget("\(callback) \(id)")
            throw AppFlowError(.loginUnavailable, log: "\(callback): the stores could not be read: \(error)")
        }
        guard let route, route.state == .active, let installedAt = route.installedAt else {
            throw AppFlowError(
                .unknownStore, log: "\(callback) for stores/\(payload.storeHash), where the app is not installed")
        }
        guard payload.notBefore.timeIntervalSince(installedAt) > -SignedPayloadVerifier.leeway else {
            throw AppFlowError(
                .payloadRefused,
                log: "\(callback) for stores/\(payload.storeHash) signed before the app's current install there")
        }
        return Callback(store: route.store, installedAt: installedAt, payload: payload)
    }
}
