/// The HTTP front's sense of time for its caches, limits and log intervals: the continuous clock in service,
/// one a test moves by hand.
public struct FrontClock: Sendable {
    /// The present moment.
    public let now: @Sendable () -> ContinuousClock.Instant

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    /// The continuous clock.
    public static let continuous = FrontClock { ContinuousClock.now }
}
