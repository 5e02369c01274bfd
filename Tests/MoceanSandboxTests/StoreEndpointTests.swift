import MoceanSandbox
import Testing

/// The store's REST API as the sandbox plays it: the token and store checked, the resources at their paths,
/// the quota and the faults, over real HTTP on loopback.
@Suite(.timeLimit(.minutes(1))) struct StoreEndpointTests {
    static let token = [("X-Auth-Token", "sandbox-store-token")]

    @Test func resourcesAnswerAtTheirPathsWithTheQuotaHeaders() async throws {
        try await Sandbox.run { sandbox in
            let order = try await sandbox.request("GET", "/stores/sandbox/v2/orders/104", headers: Self.token)
            #expect(order.status == 200)
            #expect(try order.json()["customer_id"] == 5)
            #expect(order.headers["x-rate-limit-requests-quota"] == "1000000")
            let shipment = try await sandbox.request(
                "GET", "/stores/sandbox/v2/orders/104/shipments/5", headers: Self.token)
            #expect(try shipment.json()["tracking_number"] == "ER100000005MY")
            let settings = try await sandbox.request("GET", "/stores/sandbox/v2/store", headers: Self.token)
            #expect(try settings.json()["id"] == "sandbox")
            let page = try await sandbox.request(
                "GET", "/stores/sandbox/v3/customers?page=2&limit=150", headers: Self.token)
            #expect(try page.json()["meta"]?["pagination"]?["count"] == 50)
            let farPage = try await sandbox.request(
                "GET", "/stores/sandbox/v3/customers?page=\(Int.max)&limit=250", headers: Self.token)
            #expect(try farPage.json()["data"] == [], "a page far past the last is empty")
        }
    }

    @Test func wrongTokensStoresAndPathsAreRefusedAsBigCommerceDoes() async throws {
        try await Sandbox.run { sandbox in
            let noToken = try await sandbox.request("GET", "/stores/sandbox/v2/orders/104")
            #expect(noToken.status == 401)
            let otherStore = try await sandbox.request("GET", "/stores/other/v2/orders/104", headers: Self.token)
            #expect(try otherStore.json() == ["status": 404, "title": "Store not found"])
            for path in ["/stores/sandbox/v2/orders/99", "/stores/sandbox/v2/nothing", "/stores/sandbox/v3/carts/a1"] {
                let missing = try await sandbox.request("GET", path, headers: Self.token)
                #expect(missing.status == 404, "\(path)")
                #expect(try missing.json()["title"] == "The requested resource was not found.", "\(path)")
            }
            let stats = try await sandbox.request("GET", "/sandbox/store/stats").json()
            #expect(stats["requests"] == 5)
            #expect(try await sandbox.request("GET", "/sandbox/stats").json()["requests"]?["unknown"] == 0)
        }
    }

    @Test func theQuotaAndInjectedFaultsAnswer429AndTheirStatus() async throws {
        var configuration = Sandbox.configuration()
        configuration.store.quota = 2
        try await Sandbox.run(configuration) { sandbox in
            let faults = try await sandbox.request(
                "POST", "/sandbox/store/faults", body: #"{"count": 1, "status": 503}"#)
            #expect(try faults.json()["faultsLeft"] == 1)
            #expect(try await sandbox.request("GET", "/stores/sandbox/v2/store", headers: Self.token).status == 503)
            let first = try await sandbox.request("GET", "/stores/sandbox/v2/store", headers: Self.token)
            #expect(first.headers["x-rate-limit-requests-left"] == "1")
            #expect(try await sandbox.request("GET", "/stores/sandbox/v2/store", headers: Self.token).status == 200)
            let limited = try await sandbox.request("GET", "/stores/sandbox/v2/store", headers: Self.token)
            #expect(limited.status == 429)
            #expect(limited.headers["x-rate-limit-requests-left"] == "0")
            #expect(try await sandbox.request("GET", "/sandbox/store/stats").json()["rateLimited"] == 1)
            #expect(try await sandbox.request("GET", "/sandbox/store/faults").status == 405)
        }
    }
}
