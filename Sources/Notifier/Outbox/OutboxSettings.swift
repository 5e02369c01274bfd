import Foundation
import GRDB

/// How the sender sends: how fast, how many at once, how often it retries. Stored, and applied at once when
/// changed (`outbox.configure`).
public struct OutboxSettings: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "outbox_settings"

    var id: Int = 1
    /// Requests per second at most.
    public var ratePerSecond: Double
    /// Requests in flight at most.
    public var concurrency: Int
    /// Tries in all for a transient failure (the first included), before the row fails.
    public var maxAttempts: Int
    /// The first retry waits up to this long (full jitter), doubling each time.
    public var retryBaseSeconds: Double
    /// No retry waits longer than this (below `retryBaseSeconds`, every retry waits up to it).
    public var retryMaxSeconds: Double
    /// Paused by an admin (`outbox.pause`).
    public var paused: Bool
    /// Why, in the admin's words (`outbox.pause {"reason"}`); nil when not paused or none was given.
    public var pauseReason: String?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, concurrency, paused
        case ratePerSecond = "rate_per_second"
        case maxAttempts = "max_attempts"
        case retryBaseSeconds = "retry_base_seconds"
        case retryMaxSeconds = "retry_max_seconds"
        case pauseReason = "pause_reason"
        case updatedAt = "updated_at"
    }

    /// Out of the box: 30 per second, 64 in flight, 8 tries over about half an hour (in the spirit of
    /// notification platforms: Knock retries 8 times in 30 minutes).
    public static func defaults(now: Date) -> OutboxSettings {
        OutboxSettings(
            ratePerSecond: 30, concurrency: 64, maxAttempts: 8, retryBaseSeconds: 15, retryMaxSeconds: 600,
            paused: false, updatedAt: now)
    }

    /// The accepted ranges, as the schema's CHECK constraints hold them.
    public static let rateRange: ClosedRange<Double> = 0.1...10_000
    public static let concurrencyRange: ClosedRange<Int> = 1...1024
    public static let maxAttemptsRange: ClosedRange<Int> = 1...100
    public static let retryBaseRange: ClosedRange<Double> = 0.1...3600
    public static let retryMaxRange: ClosedRange<Double> = 1...86_400

    /// The settings with `change` applied, every field checked.
    ///
    /// - Throws: ``ValidationError`` naming the first field out of range, with the range.
    public func applying(_ change: OutboxSettingsChange) throws(ValidationError) -> OutboxSettings {
        var result = self
        if let rate = change.ratePerSecond {
            guard rate.isFinite, Self.rateRange.contains(rate) else {
                throw ValidationError(field: "ratePerSecond", reason: "\(rate) is out of range: give 0.1 to 10000")
            }
            result.ratePerSecond = rate
        }
        if let concurrency = change.concurrency {
            guard Self.concurrencyRange.contains(concurrency) else {
                throw ValidationError(field: "concurrency", reason: "\(concurrency) is out of range: give 1 to 1024")
            }
            result.concurrency = concurrency
        }
        if let attempts = change.maxAttempts {
            guard Self.maxAttemptsRange.contains(attempts) else {
                throw ValidationError(field: "maxAttempts", reason: "\(attempts) is out of range: give 1 to 100")
            }
            result.maxAttempts = attempts
        }
        if let base = change.retryBaseSeconds {
            guard base.isFinite, Self.retryBaseRange.contains(base) else {
                throw ValidationError(
                    field: "retryBaseSeconds", reason: "\(base) is out of range: give 0.1 to 3600 seconds")
            }
            result.retryBaseSeconds = base
        }
        if let maximum = change.retryMaxSeconds {
            guard maximum.isFinite, Self.retryMaxRange.contains(maximum) else {
                throw ValidationError(
                    field: "retryMaxSeconds", reason: "\(maximum) is out of range: give 1 to 86400 seconds")
            }
            result.retryMaxSeconds = maximum
        }
        return result
    }

    /// How long to wait before try number `attempt + 1` after `attempt` tries failed: full jitter, a random
    /// time up to base × 2^(attempt-1), capped.
    public func retryDelay(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let ceiling = min(retryMaxSeconds, retryBaseSeconds * pow(2, exponent))
        let seconds = max(0.05, ceiling * min(max(random, 0), 1))
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// A change to the outbox settings: only what is given changes.
public struct OutboxSettingsChange: Sendable, Equatable {
    public var ratePerSecond: Double?
    public var concurrency: Int?
    public var maxAttempts: Int?
    public var retryBaseSeconds: Double?
    public var retryMaxSeconds: Double?

    public init(
        ratePerSecond: Double? = nil, concurrency: Int? = nil, maxAttempts: Int? = nil,
        retryBaseSeconds: Double? = nil, retryMaxSeconds: Double? = nil
    ) {
        self.ratePerSecond = ratePerSecond
        self.concurrency = concurrency
        self.maxAttempts = maxAttempts
        self.retryBaseSeconds = retryBaseSeconds
        self.retryMaxSeconds = retryMaxSeconds
    }
}
