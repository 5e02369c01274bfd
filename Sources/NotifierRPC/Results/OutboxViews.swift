import Notifier

/// The sender's settings as clients see them.
struct OutboxSettingsView: Encodable, Sendable {
    let ratePerSecond: Double
    let concurrency: Int
    let maxAttempts: Int
    let retryBaseSeconds: Double
    let retryMaxSeconds: Double
    let paused: Bool
    /// Why, when the admin said; left out otherwise.
    let pauseReason: String?

    init(_ settings: OutboxSettings) {
        ratePerSecond = settings.ratePerSecond
        concurrency = settings.concurrency
        maxAttempts = settings.maxAttempts
        retryBaseSeconds = settings.retryBaseSeconds
        retryMaxSeconds = settings.retryMaxSeconds
        paused = settings.paused
        pauseReason = settings.pauseReason
    }
}

/// `outbox.status`'s answer.
struct OutboxStatusView: Encodable, Sendable {
    /// Every state, with 0 for those without rows.
    let counts: StateCounts
    let inFlight: Int
    let effectiveRatePerSecond: Double
    let sentLastMinute: Int
    let paused: Bool
    let pausedReason: String?
    let oldestQueuedAgeSeconds: Double?
    /// Since when the store's SMS have waited for its balance to be topped up; left out when they do not.
    let heldForBalanceSince: String?
    let settings: OutboxSettingsView

    init(_ status: OutboxStatus) {
        counts = StateCounts(status.counts, includingZeros: true)
        inFlight = status.inFlight
        effectiveRatePerSecond = status.effectiveRatePerSecond
        sentLastMinute = status.sentLastMinute
        paused = status.paused
        pausedReason = status.pausedReason
        oldestQueuedAgeSeconds = status.oldestQueuedAge.map { ($0 * 1000).rounded() / 1000 }
        heldForBalanceSince = status.heldForBalanceSince.map { SeedDate.format(unixSeconds: $0.timeIntervalSince1970) }
        settings = OutboxSettingsView(status.settings)
    }
}

/// Rows per state, written in the states' order (queued, sending, sent...).
struct StateCounts: Encodable, Sendable {
    let counts: [(MessageState, Int)]

    /// - Parameter includingZeros: list every state, with 0 for those without rows.
    init(_ counts: [MessageState: Int], includingZeros: Bool) {
        self.counts = MessageState.allCases.compactMap { state in
            let count = counts[state] ?? 0
            return includingZeros || count > 0 ? (state, count) : nil
        }
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (state, count) in counts {
            try container.encode(count, forKey: Key(stringValue: state.rawValue))
        }
    }
}
