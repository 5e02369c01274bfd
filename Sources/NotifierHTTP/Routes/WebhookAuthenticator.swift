import Foundation
import Hummingbird
import Notifier

/// Decides whether a delivery to `/webhooks/bigcommerce` comes from the store: a Standard Webhooks signature
/// made with the store app's client secret, and/or the shared-secret header registered with the hooks.
///
/// A header that is present must be right; at least one of the two must prove the delivery; a signature
/// whose timestamp is more than the tolerance away is refused (a replay). The store's settings are read at
/// most once a second, so that a burst of webhooks does not read them once each.
actor WebhookAuthenticator {
    private let store: StoreService
    private let headerSecret: String
    private let tolerance: Duration
    private var cached: (settings: StoreSettings, readAt: ContinuousClock.Instant)?

    init(store: StoreService, headerSecret: String, tolerance: Duration) {
        self.store = store
        self.headerSecret = headerSecret
        self.tolerance = tolerance
    }

    /// The store's settings as of at most a second ago.
    func settings() async throws -> StoreSettings {
        if let cached, ContinuousClock.now - cached.readAt < .seconds(1) { return cached.settings }
        let settings = try await store.settings()
        cached = (settings, ContinuousClock.now)
        return settings
    }

    /// - Throws: ``HTTPFailure`` 401 saying which proof failed and why.
    func authenticate(_ request: Request, body: ByteBuffer, now: Date) async throws {
        let settings = try await settings()
        var proven = false
        if let given = request.header(EndpointSecrets.webhookHeaderName) {
            guard SecretComparison.equal(given, headerSecret) else {
                throw HTTPFailure(
                    .unauthorized, "badSecretHeader",
                    "\(EndpointSecrets.webhookHeaderName) does not match the secret registered with the store's hooks "
                        + "(store.registerWebhooks sets it)")
            }
            proven = true
        }
        let signed = ["webhook-id", "webhook-timestamp", "webhook-signature"].contains { request.header($0) != nil }
        if signed {
            guard let secret = settings.clientSecret else {
                if proven { return }
                throw HTTPFailure(
                    .unauthorized, "cannotVerify",
                    "the webhook is signed but no client secret is set to verify it: set the store app's "
                        + "clientSecret with store.set")
            }
            do {
                try StandardWebhookSignature(secret: secret, tolerance: tolerance).verify(
                    id: request.header("webhook-id"), timestamp: request.header("webhook-timestamp"),
                    signature: request.header("webhook-signature"), body: body.readableBytesView, now: now)
            } catch {
                throw HTTPFailure(.unauthorized, "badSignature", "the webhook's signature is refused: \(error)")
            }
            proven = true
        }
        guard proven else {
            throw HTTPFailure(
                .unauthorized, "unsigned",
                "the webhook carries no proof that it comes from the store: expected the Standard Webhooks headers "
                    + "webhook-id, webhook-timestamp and webhook-signature, or \(EndpointSecrets.webhookHeaderName)")
        }
    }
}
