import HostAddress

/// How many wrong credentials a bucket of ``CredentialGuard`` allows at once, and how fast it fills again.
public struct CredentialLimit: Sendable, Equatable {
    /// Failures allowed at once (at least 1).
    public let burst: Double
    /// Failures allowed each second on average (at least one a day).
    public let perSecond: Double

    /// A limit of `burst` failures at once, refilled at `perSecond`; values out of range are brought into it.
    public init(burst: Double, perSecond: Double) {
        self.burst = burst.isFinite ? min(max(burst, 1), 1_000_000) : 1
        self.perSecond = perSecond.isFinite ? min(max(perSecond, 1.0 / 86_400), 1_000_000) : 1
    }
}

/// Limits how fast the service's token can be guessed, wherever it is checked (`/rpc`, the console's sign-in,
/// `session.authenticate` over TCP), per client address and overall.
///
/// Each client address has a bucket of attempts: one is taken before a credential is checked and given back
/// if it was right, so only wrong ones count, and attempts in flight at once cannot all slip through. While an
/// address's bucket is empty, its attempts are refused unchecked (so a refusal tells nothing): an attacker
/// locks out only its own address (IPv6 addresses count by their /64, which one host usually holds whole).
///
/// All addresses together have a bucket too, which bounds what many addresses guess together. It never locks
/// anyone out: while it is empty, attempts from addresses that have not authenticated lately are checked
/// slowly (after ``slowCheckDelay``) and few at a time (``slowCheckConcurrency``; beyond that, refused), so
/// the right token still gets in while guessing slows to a trickle. Addresses that gave the right token lately
/// skip it.
public actor CredentialGuard {
    /// What to do with an attempt.
    public enum Verdict: Equatable, Sendable {
        /// Check the credential now.
        case check
        /// Check it after ``CredentialGuard/slowCheckDelay``: everyone's bucket is empty.
        case checkSlowly
        /// Refuse it unchecked; try again after this long.
        case refuse(retryAfter: Duration)
    }

    /// How long an attempt waits before being checked while everyone's bucket is empty.
    public static let slowCheckDelay: Duration = .seconds(2)
    /// How many attempts may wait for a slow check at once.
    public static let slowCheckConcurrency = 16
    /// How long an address that authenticated skips everyone's bucket.
    static let trustLifetime: Duration = .seconds(24 * 3600)
    /// The most addresses remembered (full buckets are forgotten first, then the oldest).
    static let maximumAddresses = 10_000

    private struct Bucket {
        var level: Double
        var updatedAt: ContinuousClock.Instant

        mutating func refill(_ limit: CredentialLimit, now: ContinuousClock.Instant) {
            let elapsed = now - updatedAt
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            level = min(limit.burst, level + max(0, seconds) * limit.perSecond)
            updatedAt = now
        }

        /// How long until one attempt fits.
        func wait(_ limit: CredentialLimit) -> Duration {
            .milliseconds(Int64(((1 - min(level, 1)) / limit.perSecond * 1000).rounded(.up)))
        }
    }

    private let perAddress: CredentialLimit
    private let overall: CredentialLimit
    private let clock: ServiceClock
    private var buckets: [String: Bucket] = [:]
    private var overallBucket: Bucket
    private var slowChecks = 0
    private var trusted: [String: ContinuousClock.Instant] = [:]

    /// - Parameters:
    ///   - perAddress: the bucket of each client address.
    ///   - overall: the bucket of all addresses together.
    public init(perAddress: CredentialLimit, overall: CredentialLimit, clock: ServiceClock = .continuous) {
        self.perAddress = perAddress
        self.overall = overall
        self.clock = clock
        overallBucket = Bucket(level: overall.burst, updatedAt: clock.now())
    }

    /// 10 wrong tokens at once from one address, then one every 6 seconds.
    public static let defaultPerAddress = CredentialLimit(burst: 10, perSecond: 1.0 / 6)
    /// 60 wrong tokens at once from all addresses, then one a second.
    public static let defaultOverall = CredentialLimit(burst: 60, perSecond: 1)

    /// Takes an attempt for `address`, which ``finish(_:address:verdict:rightCredential:)`` must settle.
    public func admit(_ address: String) -> Verdict {
        let now = clock.now()
        let key = Self.key(address)
        var bucket = buckets[key] ?? Bucket(level: perAddress.burst, updatedAt: now)
        bucket.refill(perAddress, now: now)
        guard bucket.level >= 1 else {
            buckets[key] = bucket
            return .refuse(retryAfter: bucket.wait(perAddress))
        }
        if isTrusted(key, now: now) {
            bucket.level -= 1
            buckets[key] = bucket
            return .check
        }
        overallBucket.refill(overall, now: now)
        let verdict: Verdict
        if overallBucket.level >= 1 {
            overallBucket.level -= 1
            verdict = .check
        } else if slowChecks < Self.slowCheckConcurrency {
            slowChecks += 1
            verdict = .checkSlowly
        } else {
            buckets[key] = bucket
            return .refuse(retryAfter: max(overallBucket.wait(overall), Self.slowCheckDelay))
        }
        bucket.level -= 1
        buckets[key] = bucket
        if buckets.count > Self.maximumAddresses { forgetSome(now: now) }
        return verdict
    }

    /// Settles an attempt ``admit(_:)`` let through: a right credential gives back what it took and makes its
    /// address trusted; a wrong one keeps it taken.
    public func finish(_ address: String, verdict: Verdict, rightCredential: Bool) {
        let now = clock.now()
        let key = Self.key(address)
        if verdict == .checkSlowly { slowChecks -= 1 }
        guard rightCredential else { return }
        if var bucket = buckets[key] {
            bucket.refill(perAddress, now: now)
            bucket.level = min(perAddress.burst, bucket.level + 1)
            buckets[key] = bucket
        }
        if verdict == .check, !isTrusted(key, now: now) {
            overallBucket.refill(overall, now: now)
            overallBucket.level = min(overall.burst, overallBucket.level + 1)
        }
        if trusted.count >= Self.maximumAddresses, trusted[key] == nil,
            let oldest = trusted.min(by: { $0.value < $1.value })?.key
        {
            trusted[oldest] = nil
        }
        trusted[key] = now
    }

    /// The bucket an address counts in: IPv6 addresses by their /64, IPv4-mapped ones as IPv4.
    static func key(_ address: String) -> String {
        let lowered = address.lowercased()
        if lowered.hasPrefix("::ffff:"), lowered.contains(".") { return String(lowered.dropFirst(7)) }
        guard lowered.contains(":"), let prefix = HostAddress.ipv6Prefix64(lowered) else { return address }
        return prefix
    }

    private func isTrusted(_ key: String, now: ContinuousClock.Instant) -> Bool {
        guard let since = trusted[key] else { return false }
        guard now - since < Self.trustLifetime else {
            trusted[key] = nil
            return false
        }
        return true
    }

    /// Forgets the addresses whose buckets are full again (they hold nothing back), then the oldest.
    private func forgetSome(now: ContinuousClock.Instant) {
        for (key, var bucket) in buckets {
            bucket.refill(perAddress, now: now)
            if bucket.level >= perAddress.burst { buckets[key] = nil }
        }
        while buckets.count > Self.maximumAddresses,
            let oldest = buckets.min(by: { $0.value.updatedAt < $1.value.updatedAt })?.key
        {
            buckets[oldest] = nil
        }
    }
}
