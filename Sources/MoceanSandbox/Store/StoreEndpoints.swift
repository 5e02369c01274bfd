/// The store's REST API as the sandbox plays it: `X-Auth-Token` checked, the quota counted and reported in
/// BigCommerce's headers (a 429 past it), the catalogue's resources at their v2/v3 paths.
actor StoreEndpoints {
    private let catalog: StoreCatalog
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

    init(catalog: StoreCatalog, storeHash: String, token: String, quota: Int?) {
        self.catalog = catalog
        self.storeHash = storeHash
        self.token = token
        self.quota = quota
    }

    /// Whether the path is the store's (`/stores/{hash}/...`).
    nonisolated func handles(_ path: String) -> Bool {
        path.hasPrefix("/stores/")
    }

    func respond(to request: SandboxRequest) -> SandboxResponse {
        requests += 1
        guard request.authToken == token else {
            return .json(#"{"status":401,"title":"You do not have permission"}"#, status: 401)
        }
        let prefix = "/stores/\(storeHash)"
        guard request.path.hasPrefix(prefix + "/") else {
            return .json(#"{"status":404,"title":"Store not found"}"#, status: 404)
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
                return response
            }
            return .json(#"{"status":\#(faults.status),"title":"Injected fault"}"#, status: faults.status)
        }
        if let quota, used >= quota {
            rateLimited += 1
            var response = SandboxResponse.json(#"{"status":429,"title":"Too many requests"}"#, status: 429)
            response.headers = headers(left: 0, resetMs: resetMs)
            return response
        }
        used += 1
        var response = resource(String(request.path.dropFirst(prefix.count)), query: request.query)
        response.headers += headers(left: quota.map { $0 - used } ?? 1_000_000, resetMs: resetMs)
        return response
    }

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

    private func resource(_ path: String, query: FormParameters) -> SandboxResponse {
        let parts = path.split(separator: "/").map(String.init)
        let found: WireValue?
        switch parts.count {
        case 2 where parts == ["v2", "store"]:
            found = .object([
                ("id", .string(storeHash)), ("name", .string("Sandbox Shop")), ("domain", .string("shop.example")),
                ("country_code", .string("MY")), ("timezone", .object([("name", .string("Asia/Kuala_Lumpur"))])),
            ])
        case 3 where parts[0] == "v2" && parts[1] == "orders":
            found = Int(parts[2]).flatMap(catalog.order)
        case 5 where parts[0] == "v2" && parts[1] == "orders" && parts[3] == "shipments":
            found = Int(parts[2]).flatMap { order in Int(parts[4]).flatMap { catalog.shipment(order: order, id: $0) } }
        case 4 where parts[0] == "v2" && parts[1] == "orders" && parts[3] == "messages":
            let id = Int(query["min_id"] ?? "") ?? 1
            found = Int(parts[2]).flatMap { catalog.message(order: $0, id: id) }
        case 5 where parts.starts(with: ["v3", "orders", "payment_actions", "refunds"]):
            found = Int(parts[4]).flatMap(catalog.refund)
        case 3 where parts[0] == "v3" && parts[1] == "carts":
            found = catalog.cart(parts[2])
        case 3 where parts[0] == "v3" && parts[1] == "checkouts":
            found = catalog.checkout(parts[2])
        case 2 where parts == ["v3", "customers"]:
            return customers(query)
        default:
            found = nil
        }
        guard let found else {
            return .json(#"{"status":404,"title":"The requested resource was not found."}"#, status: 404)
        }
        return .wire(found, status: 200)
    }

    /// `GET /v3/customers?page=N&limit=M`, with BigCommerce's pagination block.
    private func customers(_ query: FormParameters) -> SandboxResponse {
        let limit = min(250, max(1, Int(query["limit"] ?? "") ?? 50))
        let page = max(1, Int(query["page"] ?? "") ?? 1)
        let totalPages = max(1, (catalog.customerCount + limit - 1) / limit)
        let first = (page - 1) * limit + 1
        let ids = first > catalog.customerCount ? [] : Array(first...min(catalog.customerCount, first + limit - 1))
        var links: [(String, WireValue)] = [("current", .string("?page=\(page)&limit=\(limit)"))]
        if page < totalPages { links.append(("next", .string("?page=\(page + 1)&limit=\(limit)"))) }
        return .wire(
            .object([
                ("data", .array(ids.compactMap(catalog.customer))),
                (
                    "meta",
                    .object([
                        (
                            "pagination",
                            .object([
                                ("total", .integer(catalog.customerCount)), ("count", .integer(ids.count)),
                                ("per_page", .integer(limit)), ("current_page", .integer(page)),
                                ("total_pages", .integer(totalPages)), ("links", .object(links)),
                            ])
                        )
                    ])
                ),
            ]), status: 200)
    }
}
