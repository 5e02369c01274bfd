/// The store's gate, as the sandbox plays BigCommerce's REST API: `X-Auth-Token` checked, the store hash
/// checked, faults injected on demand, and the quota counted and reported in BigCommerce's headers (a 429
/// past it). Every store request passes it before its resource answers.
actor StoreEndpoints {
    /// The gate's verdict on one request.
    enum Admission: Sendable {
        /// Answered here: a wrong token or store, an injected fault, or the quota spent.
        case refused(SandboxResponse)
        /// Let through; the resource's answer carries these quota headers.
        case admitted(headers: [(String, String)])
    }

    private let storeHash: String
    private let token: String
    /// Requests per window; nil for no quota.
    private let quota: Int?
    private let windowMilliseconds = 30_000
    private var windowStart = ContinuousClock.now
    private var used = 0
    private(set) var requests = 0
    private(set) var rateLimited = 0
    /// Faults injected on demand, and how many were answered.
    private var faults = StoreFaults()
    private(set) var faulted = 0

    init(storeHash: String, token: String, quota: Int?) {
        self.storeHash = storeHash
        self.token = token
        self.quota = quota
    }

    /// Counts the request and decides whether its resource may answer.
    func admit(_ request: SandboxRequest) -> Admission {
        requests += 1
        guard request.authToken == token else {
            return .refused(.json(#"{"status":401,"title":"You do not have permission"}"#, status: 401))
        }
        guard request.path.hasPrefix("/stores/\(storeHash)/") else {
            return .refused(.json(#"{"status":404,"title":"Store not found"}"#, status: 404))
        }
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

    /// A store path or method the sandbox does not serve: the gate, then BigCommerce's 404.
    func unknownResource(_ request: SandboxRequest) -> SandboxResponse {
        switch admit(request) {
        case .refused(let response):
            return response
        case .admitted(let headers):
            var response = Self.notFound
            response.headers += headers
            return response
        }
    }

    /// BigCommerce's answer for a resource it does not have.
    static let notFound = SandboxResponse.json(
        #"{"status":404,"title":"The requested resource was not found."}"#, status: 404)

    /// Sets the faults of the next requests; answers them and the counters so far.
    func setFaults(_ new: StoreFaults) -> WireValue {
        faults = new
        return stats
    }

    /// The store's counters, for `GET /sandbox/store/stats`.
    var stats: WireValue {
        .object([
            ("requests", .integer(requests)), ("rateLimited", .integer(rateLimited)), ("faulted", .integer(faulted)),
            ("faultsLeft", .integer(faults.count)), ("faultStatus", .integer(faults.status)),
        ])
    }

    private func headers(left: Int, resetMs: Int) -> [(String, String)] {
        [
            ("X-Rate-Limit-Requests-Left", String(left)), ("X-Rate-Limit-Requests-Quota", String(quota ?? 1_000_000)),
            ("X-Rate-Limit-Time-Window-Ms", String(windowMilliseconds)),
            ("X-Rate-Limit-Time-Reset-Ms", String(resetMs)),
        ]
    }
}
