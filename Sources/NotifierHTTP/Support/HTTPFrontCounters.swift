import Prometheus

/// What the front counts as it answers, in the Prometheus registry.
struct HTTPFrontCounters: Sendable {
    let webhooksAccepted: Counter
    let webhooksDuplicate: Counter
    let webhooksRefused: Counter
    let reportsApplied: Counter
    let reportsUnchanged: Counter
    let reportsUnknown: Counter
    let reportsRefused: Counter

    init(registry: PrometheusCollectorRegistry) {
        let webhooks = { (outcome: String) in
            registry.makeCounter(
                name: "mocean_notify_webhooks_total", labels: [("outcome", outcome)],
                help: "Store webhooks received, by outcome")
        }
        webhooksAccepted = webhooks("accepted")
        webhooksDuplicate = webhooks("duplicate")
        webhooksRefused = webhooks("refused")
        let reports = { (outcome: String) in
            registry.makeCounter(
                name: "mocean_notify_delivery_reports_total", labels: [("outcome", outcome)],
                help: "Delivery reports received from the gateway, by outcome")
        }
        reportsApplied = reports("applied")
        reportsUnchanged = reports("unchanged")
        reportsUnknown = reports("unknown")
        reportsRefused = reports("refused")
    }
}
