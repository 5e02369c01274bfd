/// How many wrong credentials a bucket of ``CredentialGuard`` allows at once, and how fast it fills again.
public struct CredentialLimit: Sendable {
    /// Failures allowed at once.
    public var burst: Double
    /// Failures allowed each second on average.
    public var perSecond: Double

    public init(burst: Double, perSecond: Double) {
        self.burst = burst
        self.perSecond = perSecond
    }
}

/// Limits how fast credentials can be guessed at the HTTP front (the token on `/rpc`, the console's sign-in),
/// per client address and overall.
///
/// Each address has a bucket of failed attempts, and so do all addresses together; a failure takes one from
/// both, and they fill again at a steady rate. A bucket may run into debt (many guesses in flight at once all
/// fail), down to minus its size, so that guessing in parallel buys nothing over time. While a bucket is
/// empty, requests that present a credential are refused (429) without it being checked, so a refusal tells
/// nothing. Addresses that gave a right credential recently are not held back by the overall bucket: an
/// attacker elsewhere cannot lock the operator out. Failures alone count: a client that authenticates never
/// meets a limit.
actor CredentialGuard {
    typealias Limit = CredentialLimit

    /// Whether an attempt may be checked.
    enum Verdict: Equatable, Sendable {
        case allowed
        /// Refused unchecked: try again after this long.
        case limited(retryAfter: Duration)
    }

    /// How long an address that authenticated stays exempt from the overall limit.
    static let trustLifetime: Duration = .seconds(3600)
    /// The most addresses remembered (beyond it, full buckets are forgotten first, then the oldest).
    static let maximumAddresses = 10_000

    private struct Bucket {
        var level: Double
        var updatedAt: ContinuousClock.Instant

        mutating func refill(_ limit: Limit, now: ContinuousClock.Instant) {
            level = min(limit.burst, level + (now - updatedAt).seconds * limit.perSecond)
            updatedAt = now
        }

        /// How long until one attempt fits; nil when one fits now.
        func wait(_ limit: Limit) -> Duration? {
            level >= 1 ? nil : .seconds((1 - level) / limit.perSecond)
        }
    }

    private let perAddress: Limit
    private let overall: Limit
    private let clock: FrontClock
    private var buckets: [String: Bucket] = [:]
    private var overallBucket: Bucket
    private var trusted: [String: ContinuousClock.Instant] = [:]

    init(perAddress: Limit, overall: Limit, clock: FrontClock = .continuous) {
        self.perAddress = perAddress
        self.overall = overall
        self.clock = clock
        overallBucket = Bucket(level: overall.burst, updatedAt: clock.now())
    }

    /// Whether a credential from `address` may be checked now.
    func admit(_ address: String) -> Verdict {
        let now = clock.now()
        if var bucket = buckets[address] {
            bucket.refill(perAddress, now: now)
            buckets[address] = bucket
            if let wait = bucket.wait(perAddress) { return .limited(retryAfter: wait) }
        }
        guard !isTrusted(address, now: now) else { return .allowed }
        overallBucket.refill(overall, now: now)
        if let wait = overallBucket.wait(overall) { return .limited(retryAfter: wait) }
        return .allowed
    }

    /// Records a wrong credential from `address`.
    func failed(_ address: String) {
        let now = clock.now()
        var bucket = buckets[address] ?? Bucket(level: perAddress.burst, updatedAt: now)
        bucket.refill(perAddress, now: now)
        bucket.level = max(-perAddress.burst, bucket.level - 1)
        buckets[address] = bucket
        if !isTrusted(address, now: now) {
            overallBucket.refill(overall, now: now)
            overallBucket.level = max(-overall.burst, overallBucket.level - 1)
        }
        if buckets.count > Self.maximumAddresses { forgetSome(now: now) }
    }

    /// Records a right credential from `address`: it is exempt from the overall limit for a while.
    func succeeded(_ address: String) {
        let now = clock.now()
        if trusted.count >= Self.maximumAddresses, trusted[address] == nil,
            let oldest = trusted.min(by: { $0.value < $1.value })?.key
        {
            trusted[oldest] = nil
        }
        trusted[address] = now
    }

    private func isTrusted(_ address: String, now: ContinuousClock.Instant) -> Bool {
        guard let since = trusted[address] else { return false }
        guard now - since < Self.trustLifetime else {
            trusted[address] = nil
            return false
        }
        return true
    }

    /// Forgets the addresses whose buckets are full again (they hold nothing back), then the oldest.
    private func forgetSome(now: ContinuousClock.Instant) {
        for (address, var bucket) in buckets {
            bucket.refill(perAddress, now: now)
            if bucket.level >= perAddress.burst { buckets[address] = nil }
        }
        while buckets.count > Self.maximumAddresses,
            let oldest = buckets.min(by: { $0.value.updatedAt < $1.value.updatedAt })?.key
        {
            buckets[oldest] = nil
        }
    }
}

extension Duration {
    /// The duration in seconds, as a fraction.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
