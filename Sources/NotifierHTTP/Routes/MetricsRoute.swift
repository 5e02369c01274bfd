import Foundation
import Hummingbird
import Notifier
import Prometheus

/// `GET /metrics`: Prometheus's text format. Counters and the gateway's latency histogram are recorded as
/// things happen; SMS by state, the queue's depth and oldest age, and the balance are read when asked.
struct MetricsRoute: Sendable {
    let registry: PrometheusCollectorRegistry
    let sender: OutboxSender
    let health: HealthChecks
    private let smsByState: [MessageState: Gauge]
    private let queueDepth: Gauge
    private let oldestQueuedAge: Gauge
    private let balance: Gauge

    init(registry: PrometheusCollectorRegistry, sender: OutboxSender, health: HealthChecks) {
        self.registry = registry
        self.sender = sender
        self.health = health
        var gauges: [MessageState: Gauge] = [:]
        for state in MessageState.allCases {
            gauges[state] = registry.makeGauge(
                name: "mocean_notify_sms", labels: [("state", state.rawValue)], help: "SMS rows by state")
        }
        smsByState = gauges
        queueDepth = registry.makeGauge(
            name: "mocean_notify_outbox_queue_depth", help: "SMS waiting to be sent (queued or sending)")
        oldestQueuedAge = registry.makeGauge(
            name: "mocean_notify_outbox_oldest_queued_age_seconds", help: "Age of the oldest queued SMS (0: none)")
        balance = registry.makeGauge(
            name: "mocean_notify_gateway_balance", help: "The account's balance as the gateway last gave it")
    }

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let status = try await sender.status(of: nil)
        for (state, gauge) in smsByState { gauge.set(Double(status.counts[state] ?? 0)) }
        queueDepth.set(Double((status.counts[.queued] ?? 0) + (status.counts[.sending] ?? 0)))
        oldestQueuedAge.set(status.oldestQueuedAge ?? 0)
        if let value = await health.balance() { balance.set(value) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
