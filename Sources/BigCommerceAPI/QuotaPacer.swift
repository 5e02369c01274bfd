import HTTPClient

/// Keeps a store's requests within its API quota, as BigCommerce's headers report it: every answer says how
/// many requests are left in the window (`X-Rate-Limit-Requests-Left`) and when it refills
/// (`X-Rate-Limit-Time-Reset-Ms`). When none are left for the requests about to go, they wait for the refill
/// instead of meeting a 429. All apps of a store share the quota, so the headers, not a fixed rate, decide.
public actor QuotaPacer {
    private var left: Int?
    private var quota: Int?
    private var refillAt: ContinuousClock.Instant?
    private var reserved = 0

    public init() {}

    /// Waits until the quota has room for one more request, and reserves it.
    func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = ContinuousClock.now
            if let refillAt, now >= refillAt {
                // The window has refilled: the next answer says by how much.
                left = quota
                self.refillAt = nil
            }
            guard let left, left - reserved <= 0, let refillAt else { break }
            try await Task.sleep(until: refillAt)
        }
        reserved += 1
    }

    /// Releases the reservation and learns the quota from an answer's headers.
    func record(_ response: HTTPResponse?) {
        reserved = max(0, reserved - 1)
        guard let response else { return }
        if let value = response.header("x-rate-limit-requests-left").flatMap({ Int($0) }) { left = max(0, value) }
        if let value = response.header("x-rate-limit-requests-quota").flatMap({ Int($0) }) { quota = max(1, value) }
        if let milliseconds = response.header("x-rate-limit-time-reset-ms").flatMap({ Int($0) }) {
            refillAt = ContinuousClock.now + .milliseconds(min(max(0, milliseconds), 3_600_000))
        }
        if response.status == 429 { left = 0 }
    }

    /// How long until the window refills, when known.
    var timeToRefill: Duration? {
        refillAt.map { max(.zero, $0 - ContinuousClock.now) }
    }
}
