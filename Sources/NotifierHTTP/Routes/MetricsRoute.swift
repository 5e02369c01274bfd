import Foundation
import Hummingbird
import Notifier
import Prometheus

/// `GET /metrics`: Prometheus's text format. Counters and the gateway's latency histogram are recorded as
/// things happen; SMS by state, the queue's depth and oldest age, the balance and each store's low-balance
/// alert are read when asked.
struct MetricsRoute: Sendable {
    let registry: PrometheusCollectorRegistry
    let sender: OutboxSender
    let health: HealthChecks
    let balanceWatch: BalanceWatch
    private let smsByState: [MessageState: Gauge]
    private let queueDepth: Gauge
    private let oldestQueuedAge: Gauge
    private let balance: Gauge

    init(registry: PrometheusCollectorRegistry, sender: OutboxSender, health: HealthChecks, balanceWatch: BalanceWatch)
    {
        self.registry = registry
        self.balanceWatch = balanceWatch
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
        try await recordAlerts()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }

    /// Per store with a low-balance alert: whether the balance last seen is below it, and that balance.
    private func recordAlerts() async throws {
        for alert in try await balanceWatch.alerts() {
            let labels = [("store", String(alert.id))]
            registry.makeGauge(
                name: "mocean_notify_low_balance", labels: labels,
                help: "1 while the store's balance last seen is below its low-balance alert, else 0"
            ).set(Double(alert.isLow ? 1 : 0))
            if let last = alert.lastBalance.flatMap(Double.init) {
                registry.makeGauge(
                    name: "mocean_notify_store_balance", labels: labels,
                    help: "The balance last seen of each store with a low-balance alert"
                ).set(last)
            }
        }
    }
}
