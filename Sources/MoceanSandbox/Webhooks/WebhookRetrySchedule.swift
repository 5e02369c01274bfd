/// When a failed delivery is tried again: BigCommerce's schedule, 60 s after the first try, then 3, 5, 10,
/// 15 and 30 minutes, 1, 2, 6, 14 and 24 hours (about 48 hours in all), after which the hook is deactivated.
enum WebhookRetrySchedule {
    /// The waits before each retry, in seconds.
    static let bigCommerceSeconds = [60, 180, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 50_400, 86_400]

    /// The waits multiplied by `scale` (0 to 1): 1/600 makes 60 s 0.1 s.
    static func delays(scale: Double) -> [Duration] {
        let scale = scale.isFinite ? min(max(scale, 0), 1) : 0
        return bigCommerceSeconds.map { .microseconds(Int64((Double($0) * 1_000_000 * scale).rounded())) }
    }
}
