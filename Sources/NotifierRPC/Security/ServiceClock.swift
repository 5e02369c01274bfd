/// The service's monotonic clock for its credential limits, refusal logs and short caches: the continuous
/// clock in service, one a test moves by hand.
public struct ServiceClock: Sendable {
    /// The present moment.
    public let now: @Sendable () -> ContinuousClock.Instant

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    /// The continuous clock.
    public static let continuous = ServiceClock { ContinuousClock.now }
}
