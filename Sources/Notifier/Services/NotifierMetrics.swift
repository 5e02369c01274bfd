import CoreMetrics

/// The service's instruments, made by one metrics factory (Prometheus on the HTTP front, none by default):
/// what is counted as it happens. What can be read from the database (SMS by state, the queue's depth and
/// age) is read when the metrics are asked for instead.
public struct NotifierMetrics: Sendable {
    /// Store events stored (`outcome="accepted"`).
    public let eventsAccepted: Counter
    /// Store events received again and not stored (`outcome="duplicate"`).
    public let eventsDuplicate: Counter
    /// How long the gateway took to answer a send.
    public let gatewayLatency: Timer
    /// SMS put back in the queue after a transient failure.
    public let retries: Counter
    /// SMS the gateway accepted.
    public let sent: Counter

    /// Makes the instruments with `factory`.
    public init(factory: any MetricsFactory) {
        eventsAccepted = Counter(
            label: "mocean_notify_events_received_total", dimensions: [("outcome", "accepted")], factory: factory)
        eventsDuplicate = Counter(
            label: "mocean_notify_events_received_total", dimensions: [("outcome", "duplicate")], factory: factory)
        gatewayLatency = Timer(label: "mocean_notify_gateway_send_duration_seconds", factory: factory)
        retries = Counter(label: "mocean_notify_sms_retries_total", factory: factory)
        sent = Counter(label: "mocean_notify_sms_accepted_by_gateway_total", factory: factory)
    }

    /// Records the time since `start` as one gateway answer's latency.
    func recordGatewayLatency(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        gatewayLatency.recordNanoseconds(overflow ? Int64.max : nanoseconds &+ attoseconds / 1_000_000_000)
    }

    /// Instruments that record nothing.
    public static let none = NotifierMetrics(factory: NOOPMetricsHandler.instance)
}
