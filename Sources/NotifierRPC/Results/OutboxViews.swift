import Notifier

/// The sender's settings as clients see them.
struct OutboxSettingsView: Encodable, Sendable {
    let ratePerSecond: Double
    let concurrency: Int
    let maxAttempts: Int
    let retryBaseSeconds: Double
    let retryMaxSeconds: Double
    let paused: Bool

    init(_ settings: OutboxSettings) {
        ratePerSecond = settings.ratePerSecond
        concurrency = settings.concurrency
        maxAttempts = settings.maxAttempts
        retryBaseSeconds = settings.retryBaseSeconds
        retryMaxSeconds = settings.retryMaxSeconds
        paused = settings.paused
    }
}

/// `outbox.status`'s answer.
struct OutboxStatusView: Encodable, Sendable {
    /// Every state, with 0 for those without rows.
    let counts: [String: Int]
    let inFlight: Int
    let effectiveRatePerSecond: Double
    let sentLastMinute: Int
    let paused: Bool
    let pausedReason: String?
    let oldestQueuedAgeSeconds: Double?
    let settings: OutboxSettingsView

    init(_ status: OutboxStatus) {
        counts = Dictionary(uniqueKeysWithValues: MessageState.allCases.map { ($0.rawValue, status.counts[$0] ?? 0) })
        inFlight = status.inFlight
        effectiveRatePerSecond = status.effectiveRatePerSecond
        sentLastMinute = status.sentLastMinute
        paused = status.paused
        pausedReason = status.pausedReason
        oldestQueuedAgeSeconds = status.oldestQueuedAge.map { ($0 * 1000).rounded() / 1000 }
        settings = OutboxSettingsView(status.settings)
    }
}
