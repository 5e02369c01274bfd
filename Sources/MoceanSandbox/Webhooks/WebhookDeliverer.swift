import Foundation
import HTTPClient
import Logging

/// Posts each delivery to its hook, signed, and tries again on BigCommerce's schedule until a 2xx answers;
/// after the last retry the hook is deactivated.
///
/// Each delivery runs in a task of its own, so a slow or failing receiver holds up no other; a graceful
/// shutdown cancels them, dropping the retries still due.
///
/// Each delivery carries its store's registry, which counts its attempts, and the key that signs it.
struct WebhookDeliverer: Sendable {
    let transport: any HTTPTransport
    /// The waits before each retry.
    let retryDelays: [Duration]
    let logger: Logger
    /// How long one attempt may take, connecting included.
    static let timeout = Duration.seconds(10)

    /// Serves `queue` until the task is cancelled.
    func run(_ queue: WebhookDeliveryQueue) async {
        await withDiscardingTaskGroup { group in
            for await delivery in queue.deliveries {
                group.addTask { await deliver(delivery) }
            }
        }
    }

    /// Tries `delivery` until it is acknowledged, its hook goes or is disabled, or the schedule runs out.
    private func deliver(_ delivery: WebhookDelivery) async {
        let registry = delivery.registry
        for attempt in 1...(retryDelays.count + 1) {
            if attempt > 1 {
                do {
                    try await Task.sleep(for: retryDelays[attempt - 2])
                } catch {
                    return
                }
                guard await registry.isActive(delivery.hookId) else {
                    logger.debug("webhook \(delivery.messageId): hook \(delivery.hookId) is gone or disabled")
                    await registry.settle(delivery, acknowledged: false, exhausted: false, now: Self.now)
                    return
                }
            }
            guard let outcome = await post(delivery) else { return }
            await registry.record(delivery, attempt: attempt, outcome: outcome)
            if outcome.acknowledges {
                await registry.settle(delivery, acknowledged: true, exhausted: false, now: Self.now)
                return
            }
            logger.debug("webhook \(delivery.messageId) to hook \(delivery.hookId), try \(attempt): \(outcome)")
        }
        logger.warning("hook \(delivery.hookId) deactivated: webhook \(delivery.messageId) failed to the last retry")
        await registry.settle(delivery, acknowledged: false, exhausted: true, now: Self.now)
    }

    /// One attempt; nil when cancelled.
    private func post(_ delivery: WebhookDelivery) async -> WebhookAttemptOutcome? {
        let timestamp = Self.now
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        headers += delivery.headers
        headers += [
            ("webhook-id", delivery.messageId), ("webhook-timestamp", String(timestamp)),
            (
                "webhook-signature",
                delivery.signature.sign(messageId: delivery.messageId, timestamp: timestamp, body: delivery.body)
            ),
        ]
        let request = HTTPRequest(
            method: .post, url: delivery.destination, headers: headers, body: delivery.body, timeout: Self.timeout)
        do {
            return .answered(try await transport.perform(request).status)
        } catch is CancellationError {
            return nil
        } catch let error as HTTPTransportError {
            // Its words never carry the destination's query.
            return error.kind == .shutDown ? nil : .failed(error.description)
        } catch {
            return nil
        }
    }

    /// Unix seconds.
    private static var now: Int { Int(Date().timeIntervalSince1970) }
}
