import MoceanSandbox
import Testing

/// Several stores at once: each token opens its own store's paths only, and each store has its own hooks,
/// events, quota and counters.
@Suite(.timeLimit(.minutes(1))) struct ManyStoresTests {
    /// The configured store's token.
    static let configuredToken = "sandbox-store-token"

    /// Runs a sandbox with the app installed on `shopa` and `shopb`; `body` gets their tokens.
    private func withTwoStores(
        _ configuration: SandboxConfiguration = Sandbox.configuration(),
        _ body: @Sendable (Sandbox, _ tokenA: String, _ tokenB: String) async throws -> Void
    ) async throws {
        try await Sandbox.run(configuration) { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                _ = try await AppInstallTests.install(sandbox, store: "shopa")
                let tokenA = try #require(await app.log.latestToken)
                _ = try await AppInstallTests.install(sandbox, store: "shopb")
                let tokenB = try #require(await app.log.latestToken)
                try await body(sandbox, tokenA, tokenB)
            }
        }
    }

    @Test func aStoreTokenOpensOnlyItsOwnStoresPaths() async throws {
        try await withTwoStores { sandbox, tokenA, tokenB in
            let cases: [(path: String, token: String, status: Int)] = [
                ("/stores/shopa/v2/orders/104", tokenA, 200), ("/stores/shopb/v2/orders/104", tokenB, 200),
                ("/stores/shopb/v2/orders/104", tokenA, 401), ("/stores/shopa/v3/hooks", tokenB, 401),
                ("/stores/sandbox/v2/store", tokenA, 401), ("/stores/shopa/v2/store", Self.configuredToken, 401),
                ("/stores/sandbox/v2/store", Self.configuredToken, 200), ("/stores/nosuch/v2/store", tokenA, 404),
                ("/stores/nosuch/v2/store", "guessed", 401), ("/stores/shopa/v2/nothing", tokenA, 404),
            ]
            for (path, token, status) in cases {
                let answer = try await sandbox.request("GET", path, headers: [("X-Auth-Token", token)])
                #expect(answer.status == status, "\(path)")
            }
            let statsA = try await sandbox.request("GET", "/sandbox/store/stats?store=shopa").json()
            #expect(statsA["requests"] == 5, "its path's four, and the unknown store asked with its token")
            let settings = try await sandbox.request(
                "GET", "/stores/sandbox/v2/store", headers: [("X-Auth-Token", Self.configuredToken)])
            #expect(try settings.json()["name"] == "Sandbox Shop", "the configured store keeps its name")
        }
    }

    @Test func eachStoreHasItsOwnHooksAndAnEventReachesOnlyItsStoresHooks() async throws {
        try await WebhookReceiver.run { receiver in
            try await withTwoStores { sandbox, tokenA, tokenB in
                for (store, token) in [("shopa", tokenA), ("shopb", tokenB), ("sandbox", Self.configuredToken)] {
                    let created = try await sandbox.request(
                        "POST", "/stores/\(store)/v3/hooks", headers: [("X-Auth-Token", token)],
                        body: #"{"scope": "store/order/created", "destination": "\#(receiver.url(query: store))"}"#)
                    #expect(try created.json()["data"]?["id"] == 1, "hook ids count per store")
                    #expect(try created.json()["data"]?["store_hash"] == .string(store))
                }
                let hooksOfB = try await sandbox.request(
                    "GET", "/stores/shopb/v3/hooks", headers: [("X-Auth-Token", tokenB)]
                ).json()
                #expect(hooksOfB["data"]?.count == 1)
                #expect(hooksOfB["data"]?[0]?["destination"] == .string(receiver.url(query: "shopb")))
                let updated = try await sandbox.request(
                    "PUT", "/stores/shopa/v3/hooks/1", headers: [("X-Auth-Token", tokenA)],
                    body: #"{"is_active": false}"#)
                #expect(try updated.json()["data"]?["is_active"] == false)
                let stillActive = try await sandbox.request(
                    "GET", "/stores/shopb/v3/hooks/1", headers: [("X-Auth-Token", tokenB)])
                #expect(try stillActive.json()["data"]?["is_active"] == true, "B's hook 1 is another hook")

                let fired = try await sandbox.request(
                    "POST", "/sandbox/store/events",
                    body: #"{"store": "shopb", "scope": "store/order/created", "data": {"type": "order", "id": 250}}"#)
                #expect(try fired.json()["deliveries"] == 1)
                #expect(try fired.json()["store"] == "shopb")
                let delivered = try #require(try await receiver.requests(count: 1).first)
                #expect(delivered.isSigned(with: AppStandIn.clientSecret), "the app's secret signs B's webhooks")
                #expect(!delivered.isSigned(with: "sandbox-client-secret"))
                let envelope = try delivered.json()
                #expect(envelope["producer"] == "stores/shopb")
                let storeIdB = try #require(envelope["store_id"]?.stringValue)

                let order = try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"customerId": 3}"#)
                #expect(try order.json()["store"] == "sandbox", "the configured store when none is named")
                let all = try await receiver.requests(count: 2)
                let configured = try all[1].json()
                #expect(configured["producer"] == "stores/sandbox")
                #expect(configured["store_id"] != .string(storeIdB))
                #expect(all[1].isSigned(with: "sandbox-client-secret"), "the configured store keeps its secret")
                #expect(await receiver.log.received.count == 2, "A's inactive hook got nothing")

                let statsB = try await sandbox.request("GET", "/sandbox/store/webhooks?store=shopb").json()
                #expect(statsB["fired"] == 1)
                #expect(try await sandbox.request("GET", "/sandbox/store/webhooks?store=shopa").json()["fired"] == 0)
                #expect(try await sandbox.request("GET", "/sandbox/store/webhooks").json()["fired"] == 1)
            }
        }
    }

    @Test func ordersQuotaAndFaultsAreEachStoresOwn() async throws {
        var configuration = Sandbox.configuration()
        configuration.store.quota = 2
        try await withTwoStores(configuration) { sandbox, tokenA, tokenB in
            let order = try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"store": "shopa"}"#)
            let orderId = Int(try #require(try order.json()["orderId"]?.numberValue))
            let tokenOfA = [("X-Auth-Token", tokenA)]
            let tokenOfB = [("X-Auth-Token", tokenB)]
            #expect(
                try await sandbox.request("GET", "/stores/shopa/v2/orders/\(orderId)", headers: tokenOfA).status == 200)
            let notB = try await sandbox.request("GET", "/stores/shopb/v2/orders/\(orderId)", headers: tokenOfB)
            #expect(notB.status == 404, "A's order is not B's")
            let last = try await sandbox.request("GET", "/stores/shopa/v2/store", headers: tokenOfA)
            #expect(last.headers["x-rate-limit-requests-left"] == "0")
            #expect(try await sandbox.request("GET", "/stores/shopa/v2/store", headers: tokenOfA).status == 429)
            let fresh = try await sandbox.request("GET", "/stores/shopb/v2/store", headers: tokenOfB)
            #expect(fresh.status == 200, "B's quota is its own")
            #expect(fresh.headers["x-rate-limit-requests-left"] == "0", "B's second request of its own window")

            let faults = try await sandbox.request(
                "POST", "/sandbox/store/faults", body: #"{"store": "sandbox", "count": 1, "status": 500}"#)
            #expect(try faults.json()["faultsLeft"] == 1)
            #expect(
                try await sandbox.request(
                    "GET", "/stores/sandbox/v2/store", headers: [("X-Auth-Token", Self.configuredToken)]
                ).status == 500)
            let unknown = try await sandbox.request(
                "POST", "/sandbox/store/faults", body: #"{"store": "nosuch", "count": 1}"#)
            #expect(unknown.status == 404)
            #expect(try await sandbox.request("GET", "/sandbox/store/stats?store=nosuch").status == 404)
            let noStore = try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"store": "nosuch"}"#)
            #expect(noStore.status == 404)
            #expect(try noStore.json()["field"] == "store")
        }
    }
}
