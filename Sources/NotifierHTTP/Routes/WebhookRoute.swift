import Foundation
import Hummingbird
import JSONCore
import Logging
import Notifier
import NotifierRPC

/// `POST /webhooks/bigcommerce`: a store event, routed to its store by its `producer` (``EventRouter``, the
/// rule `events.ingest` applies too), verified with that store's secret, then stored through exactly the path
/// `events.ingest` takes (deduplicated on its `hash` within the store) and answered 200 as soon as it is
/// committed; the SMS are made and sent afterwards. A redelivery is a 200 that sends nothing new. One URL serves
/// every store.
struct WebhookRoute: Sendable {
    let events: EventStore
    let router: EventRouter
    let authenticator: WebhookAuthenticator
    let maximumBodyBytes: Int
    let counters: HTTPFrontCounters
    /// Where refusals are logged, boundedly (unauthenticated clients must not decide the log's volume), and
    /// how the client's address is told.
    let security: FrontSecurity

    struct Answer: Encodable {
        /// `accepted`, or `duplicate` for an event stored before.
        let status: String
        let id: Int64
    }

    func handle(_ request: Request, context: FrontRequestContext) async throws -> Response {
        do {
            try request.requireContentType("application/json")
            let body = try await request.collectBody(limit: maximumBodyBytes)
            let now = Date()
            // Parsed once: the store it names picks the key its signature is checked with.
            let incoming = try Self.event(body)
            let store: StoreID
            do {
                store = try await router.store(of: incoming)
            } catch let refusal as EventRouter.Refusal {
                // Said plainly in the log only: an unauthenticated sender learns nothing of the stores served.
                context.logger.debug("webhook not routed: \(refusal)")
                throw HTTPFailure(
                    .forbidden, "storeNotServed",
                    "the event's store (its producer) is not one this service serves: is the app installed there?")
            }
            let proof = try await authenticator.authenticate(request, body: body, store: store, now: now)
            if proof == .header, Double(incoming.createdAt) < now.timeIntervalSince1970 - Self.headerProofMaximumAge {
                // No timestamp signed: an old event proven by the header alone may be a replay of a capture.
                throw HTTPFailure(
                    .unauthorized, "stale",
                    "the event was created more than 72 hours ago and only the shared-secret header proves it "
                        + "(the store retries for about 48 hours): a replay? Set the clientSecret to verify signatures")
            }
            let outcome = try await events.ingest(incoming, store: store)
            (outcome.duplicate ? counters.webhooksDuplicate : counters.webhooksAccepted).increment()
            return try JSONAnswer.make(Answer(status: outcome.duplicate ? "duplicate" : "accepted", id: outcome.id))
        } catch let failure as HTTPFailure {
            counters.webhooksRefused.increment()
            await security.refusals.record(
                "webhook (\(failure.status.code) \(failure.code))", address: security.clientAddress(request, context),
                reason: failure.message)
            throw failure
        }
    }

    /// How old an event proven by the shared-secret header alone may be: the store retries a delivery for
    /// about 48 hours.
    static let headerProofMaximumAge: Double = 72 * 3600

    /// The event in `body`.
    static func event(_ body: ByteBuffer) throws -> IncomingEvent {
        let payload: JSONValue
        do {
            payload = try JSONParser.parse(body.readableBytesView)
        } catch {
            throw HTTPFailure(.badRequest, "badJSON", "the body is not JSON: \(error)")
        }
        do {
            return try IncomingEvent(payload: payload, resources: nil)
        } catch {
            throw HTTPFailure(.badRequest, "badEvent", "\(error.field): \(error.reason)")
        }
    }
}
