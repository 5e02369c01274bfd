import Logging

/// Logs the front's refusals of unauthenticated clients (wrong tokens, refused webhooks) in a bounded way:
/// the first refusal after a quiet interval is logged at once with its reason, and the others of that
/// interval become one summary line when it ends. Whatever clients send, the front writes at most about two
/// lines an interval, so unauthenticated clients cannot decide the log's volume.
public actor RefusalLog {
    /// What was refused, for the summary: e.g. `wrong token on /rpc`, `webhook badSignature`.
    public typealias Kind = String

    private let logger: Logger
    private let interval: Duration
    private let clock: ServiceClock
    private var intervalEnds: ContinuousClock.Instant?
    private var counts: [Kind: Int] = [:]
    private var addresses: Set<String> = []
    private var flushScheduled = false
    /// The most distinct addresses counted in one summary.
    static let maximumAddresses = 10_000

    public init(logger: Logger, interval: Duration = .seconds(10), clock: ServiceClock = .continuous) {
        self.logger = logger
        self.interval = interval
        self.clock = clock
    }

    /// Records a refusal of `kind` from `address`, saying `reason`.
    public func record(_ kind: Kind, address: String, reason: String) {
        let now = clock.now()
        if let ends = intervalEnds, now >= ends { flush() }
        guard intervalEnds != nil else {
            // A refusal after a quiet interval is logged as it comes.
            logger.notice("refused \(kind) from \(address): \(reason)")
            intervalEnds = now + interval
            scheduleFlush()
            return
        }
        counts[kind, default: 0] += 1
        if addresses.count < Self.maximumAddresses { addresses.insert(address) }
    }

    /// Writes the summary of the interval that ended, if it held refusals beyond its first.
    public func flush() {
        defer {
            counts = [:]
            addresses = []
            intervalEnds = nil
        }
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return }
        let kinds = counts.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let from = addresses.count >= Self.maximumAddresses ? "\(addresses.count) or more" : "\(addresses.count)"
        let summary =
            "refused \(total) more request\(total == 1 ? "" : "s") in the last \(interval) from \(from) "
            + "address\(addresses.count == 1 ? "" : "es"): \(kinds)"
        logger.notice("\(summary)")
    }

    /// Flushes when the interval has ended, even if no refusal comes to do it.
    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        Task { [interval] in
            try? await Task.sleep(for: interval)
            await self.timerFired()
        }
    }

    private func timerFired() {
        flushScheduled = false
        guard let ends = intervalEnds else { return }
        if clock.now() >= ends {
            flush()
        } else {
            scheduleFlush()
        }
    }
}
