import Foundation
import Hummingbird
import Notifier
import NotifierRPC

/// Decides whether a delivery to `/webhooks/bigcommerce` comes from the store: a Standard Webhooks signature
/// made with the store app's client secret, or the shared-secret header registered with the hooks. The client
/// secret is the store's own (`store.set`), else, for a store that installed the BigCommerce app, the app's
/// (`app.set`).
///
/// With a client secret set, the signature is required (it covers the body and a timestamp, so a replay
/// more than the tolerance later is refused); the header, when present, must be right too. Without one,
/// the header alone proves the delivery. The store's settings are read at most once a second, so that a
/// burst of webhooks does not read them once each; the HMACs run concurrently, off the actor.
actor WebhookAuthenticator {
    /// What proved a delivery.
    enum Proof: Sendable, Equatable {
        /// A Standard Webhooks signature with a timestamp within the tolerance.
        case signature
        /// The shared-secret header alone: no timestamp, so the event's own age is checked instead.
        case header
    }

    private let store: StoreService
    private let directory: StoreDirectory
    private let headerSecret: String
    private let tolerance: Duration
    private let clock: ServiceClock
    /// Each store's client secret as last read, so that a burst of webhooks does not read it once each.
    private var cached: [StoreID: (secret: String?, readAt: ContinuousClock.Instant)] = [:]
    /// How long a store's settings are reused before they are read again.
    static let settingsLifetime: Duration = .seconds(1)
    /// The most stores whose settings are kept at once.
    static let maximumCached = 10_000

    init(
        store: StoreService, directory: StoreDirectory, headerSecret: String, tolerance: Duration,
        clock: ServiceClock = .continuous
    ) {
        self.store = store
        self.directory = directory
        self.headerSecret = headerSecret
        self.tolerance = tolerance
        self.clock = clock
    }

    /// `store`'s client secret as of at most ``settingsLifetime`` ago: its own, else the app's when the store
    /// installed the app.
    func clientSecret(of store: StoreID) async throws -> String? {
        let now = clock.now()
        if let hit = cached[store], now - hit.readAt < Self.settingsLifetime { return hit.secret }
        var secret = try await self.store.settings(of: store).clientSecret
        if secret == nil, try await directory.route(store)?.isAppInstalled == true {
            secret = try await directory.appSettings().clientSecret
        }
        if cached.count >= Self.maximumCached {
            cached = cached.filter { now - $0.value.readAt < Self.settingsLifetime }
        }
        cached[store] = (secret, now)
        return secret
    }

    /// The proof of `request`, checked with the secrets of `store` (the store its event names).
    ///
    /// - Throws: ``HTTPFailure`` 401 saying which proof failed and why.
    nonisolated func authenticate(_ request: Request, body: ByteBuffer, store: StoreID, now: Date) async throws
        -> Proof
    {
        let clientSecret = try await clientSecret(of: store)
        var proof: Proof?
        if let given = request.header(EndpointSecrets.webhookHeaderName) {
            guard SecretComparison.equal(given, headerSecret) else {
                throw HTTPFailure(
                    .unauthorized, "badSecretHeader",
                    "\(EndpointSecrets.webhookHeaderName) does not match the secret registered with the store's hooks "
                        + "(store.registerWebhooks sets it)")
            }
            proof = .header
        }
        let signed = ["webhook-id", "webhook-timestamp", "webhook-signature"].contains { request.header($0) != nil }
        if let secret = clientSecret {
            do {
                try StandardWebhookSignature(secret: secret, tolerance: tolerance).verify(
                    ids: request.headerLines("webhook-id"), timestamps: request.headerLines("webhook-timestamp"),
                    signatures: request.headerLines("webhook-signature"), body: body.readableBytesView, now: now)
            } catch {
                throw HTTPFailure(
                    .unauthorized, signed ? "badSignature" : "unsigned",
                    "the webhook's signature is refused: \(error) (with the store app's client secret set, every "
                        + "delivery must be signed)")
            }
            proof = .signature
        } else if signed, proof == nil {
            throw HTTPFailure(
                .unauthorized, "cannotVerify",
                "the webhook is signed but no client secret is set to verify it: set the store app's clientSecret "
                    + "with store.set")
        }
        guard let proof else {
            throw HTTPFailure(
                .unauthorized, "unsigned",
                "the webhook carries no proof that it comes from the store: expected the Standard Webhooks headers "
                    + "webhook-id, webhook-timestamp and webhook-signature, or \(EndpointSecrets.webhookHeaderName)")
        }
        return proof
    }
}
