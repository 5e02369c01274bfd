/// One store's quota and injected faults, as BigCommerce's REST API applies them once a request's token is
/// known to be the store's: faults injected on demand first, then the quota, counted and reported in
/// BigCommerce's headers (a 429 past it).
struct StoreGate: Sendable {
    /// The gate's verdict on one request.
    enum Verdict: Sendable {
        /// Answered here: an injected fault, or the quota spent.
        case refused(SandboxResponse)
        /// Let through; the resource's answer carries these quota headers.
        case admitted(headers: [(String, String)])
    }

    /// Requests per window; nil for no quota.
    private let quota: Int?
    private let windowMilliseconds = 30_000
    private var windowStart = ContinuousClock.now
    private var used = 0
    /// Requests that named this store, refused ones included.
    private(set) var requests = 0
    private(set) var rateLimited = 0
    /// Faults injected on demand, and how many were answered.
    private var faults = StoreFaults()
    private(set) var faulted = 0

    /// A gate allowing `quota` requests per 30 s (nil for no quota).
    init(quota: Int?) {
        self.quota = quota
    }

    /// Counts a request, whether or not it gets further.
    mutating func count() {
        requests += 1
    }

    /// Decides whether a counted request whose token is the store's may reach its resource.
    mutating func admit() -> Verdict {
        let now = ContinuousClock.now
        let elapsed = now - windowStart
        if elapsed >= .milliseconds(windowMilliseconds) {
            windowStart = now
            used = 0
        }
        let resetMs = max(
            0,
            windowMilliseconds
                - Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        if faults.count > 0 {
            faults.count -= 1
            faulted += 1
            if faults.status == 429 {
                var response = SandboxResponse.json(#"{"status":429,"title":"Too many requests"}"#, status: 429)
                response.headers = headers(left: 0, resetMs: min(resetMs, 1_000))
                return .refused(response)
            }
            return .refused(
                .json(#"{"status":\#(faults.status),"title":"Injected fault"}"#, status: faults.status))
        }
        if let quota, used >= quota {
            rateLimited += 1
            var response = SandboxResponse.json(#"{"status":429,"title":"Too many requests"}"#, status: 429)
            response.headers = headers(left: 0, resetMs: resetMs)
            return .refused(response)
        }
        used += 1
        return .admitted(headers: headers(left: quota.map { $0 - used } ?? 1_000_000, resetMs: resetMs))
    }

    /// BigCommerce's answer for a resource it does not have.
    static let notFound = SandboxResponse.json(
        #"{"status":404,"title":"The requested resource was not found."}"#, status: 404)

    /// BigCommerce's answer for a missing token, or one that is not the store's.
    static let unauthorized = SandboxResponse.json(#"{"status":401,"title":"You do not have permission"}"#, status: 401)

    /// BigCommerce's answer for a store hash it does not know, to a caller holding another store's token.
    static let storeNotFound = SandboxResponse.json(#"{"status":404,"title":"Store not found"}"#, status: 404)

    /// Sets the faults of the next requests.
    mutating func setFaults(_ new: StoreFaults) {
        faults = new
    }

    /// The counters, for `GET /sandbox/store/stats`.
    var stats: WireValue {
        .object([
            ("requests", .integer(requests)), ("rateLimited", .integer(rateLimited)), ("faulted", .integer(faulted)),
            ("faultsLeft", .integer(faults.count)), ("faultStatus", .integer(faults.status)),
        ])
    }

    /// BigCommerce's four rate-limit headers.
    private func headers(left: Int, resetMs: Int) -> [(String, String)] {
        [
            ("X-Rate-Limit-Requests-Left", String(left)), ("X-Rate-Limit-Requests-Quota", String(quota ?? 1_000_000)),
            ("X-Rate-Limit-Time-Window-Ms", String(windowMilliseconds)),
            ("X-Rate-Limit-Time-Reset-Ms", String(resetMs)),
        ]
    }
}
