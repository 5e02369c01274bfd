import Foundation
import JSONRPC
import TestSupport
import Testing

/// Two stores installed the way BigCommerce installs apps, over real processes and HTTP: the sandbox plays
/// BigCommerce's login service, both stores and the gateway; each store's SMS go out with its own account and
/// sender and appear in its own history; uninstalling one cancels its queued SMS and refuses its webhooks while
/// the other goes on.
@Suite(.timeLimit(.minutes(3))) struct StoresEndToEndTests {
    static let clientID = "e2e-app-client-id"
    static let clientSecret = "e2e-app-client-secret-0123456789abcdef"

    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    @Test func twoStoresInstalledByTheAppEachSendWithTheirOwnAccountUntilOneUninstalls() async throws {
        let port = try HTTPFrontEndToEndTests.freePort()
        let front = "http://127.0.0.1:\(port)"
        let system = try await ServiceUnderTest(
            folder: folder, serviceArguments: ["--http", "127.0.0.1:\(port)", "--public-url", front])
        let sandboxURL = "http://127.0.0.1:\(system.sandboxPort)"
        let app = try await system.call(
            "app.set",
            [
                "clientId": .string(Self.clientID), "clientSecret": .string(Self.clientSecret),
                "loginUrl": .string(sandboxURL), "apiUrl": .string(sandboxURL),
            ])
        #expect(app["result"]?["clientSecret"]?["set"] == true, "\(app)")
        let registered = try await system.sandboxRequest(
            "POST", "/sandbox/apps",
            body: #"{"clientId": "\#(Self.clientID)", "clientSecret": "\#(Self.clientSecret)", "appUrl": "\#(front)"}"#)
        #expect(registered.0 == 200, "\(registered.1)")
        _ = try await system.sandboxRequest(
            "POST", "/sandbox/accounts", body: #"{"apiKey": "beta-key", "apiSecret": "beta-secret-0001"}"#)

        // Two installs, as BigCommerce runs them: the auth callback, the code exchanged, the hooks registered.
        let alpha = try await system.sandboxRequest("POST", "/sandbox/apps/install", body: #"{"store": "alpha1"}"#)
        #expect(alpha.0 == 200 && alpha.1["status"] == 200, "\(alpha.1)")
        #expect(alpha.1["body"]?.stringValue?.contains(#"<meta name="console-session""#) == true)
        let beta = try await system.sandboxRequest("POST", "/sandbox/apps/install", body: #"{"store": "beta2"}"#)
        #expect(beta.1["status"] == 200, "\(beta.1)")
        // The first store has the operator's MoceanAPI account (set when the service started): an install does not
        // take it over, and gets a store of its own.
        let stores = try #require(try await system.call("stores.list")["result"]?["stores"]?.arrayValue)
        #expect(stores.map { $0["storeHash"]?.stringValue } == [nil, "alpha1", "beta2"])
        #expect(stores.dropFirst().allSatisfy { $0["state"] == "active" && $0["connected"] == true })
        for store in ["alpha1", "beta2"] {
            let hooks = try await system.call("store.webhooks", ["store": .string(store)])["result"]
            #expect(hooks?["allActive"] == true, "\(store): \(String(describing: hooks))")
        }

        // A code presented again, and a code the login service refuses: nothing stored.
        let code = try #require(alpha.1["code"]?.stringValue)
        let replay = try await ServiceUnderTest.httpRequest(
            port: port, "GET", "/bigcommerce/auth?code=\(code)&scope=store_v2_orders&context=stores%2Falpha1")
        #expect(replay.0 == 401)
        _ = try await system.sandboxRequest("POST", "/sandbox/apps/faults", body: #"{"refuseNextExchanges": 1}"#)
        let refused = try await system.sandboxRequest("POST", "/sandbox/apps/install", body: #"{"store": "gamma3"}"#)
        #expect(refused.1["status"] == 401, "\(refused.1)")
        #expect(refused.1["body"]?.stringValue?.contains("console-session") == false)
        let afterRefusals = try await system.call("stores.list")["result"]?["stores"]?.arrayValue
        #expect(afterRefusals?.count == 3, "neither the replay nor the refused code stored a store")

        // Each store its own account, sender and admin number.
        let alphaAccount = try await system.call(
            "account.set",
            [
                "store": "alpha1", "apiKey": "e2e-key", "apiSecret": "e2e-secret-0001", "sender": "AlphaShop",
                "gatewayUrl": .string(sandboxURL),
            ])
        #expect(alphaAccount["result"]?["credentials"]?["status"] == "valid", "\(alphaAccount)")
        let betaAccount = try await system.call(
            "account.set",
            [
                "store": "beta2", "apiKey": "beta-key", "apiSecret": "beta-secret-0001", "sender": "BetaShop",
                "gatewayUrl": .string(sandboxURL),
            ])
        #expect(betaAccount["result"]?["credentials"]?["status"] == "valid", "\(betaAccount)")
        for (store, number) in [("alpha1", "+60123456701"), ("beta2", "+60123456702")] {
            let configured = try await system.call(
                "notifications.configure",
                [
                    "store": .string(store), "audience": "admin", "adminNumbers": [.string(number)],
                    "events": ["store/order/created": ["enabled": true]],
                ])
            #expect(configured["result"] != nil, "\(configured)")
        }
        for store in ["alpha1", "beta2"] {
            let order = try await system.sandboxRequest(
                "POST", "/sandbox/store/orders", body: #"{"store": "\#(store)"}"#)
            #expect(order.1["deliveries"] == 1, "\(store): \(order.1)")
        }
        let sent = try await waitForMessages(system, count: 2)
        let byKey = Dictionary(uniqueKeysWithValues: sent.map { ($0["apiKey"]?.stringValue ?? "", $0) })
        #expect(byKey["e2e-key"]?["sender"] == "AlphaShop" && byKey["e2e-key"]?["receiver"] == "60123456701")
        #expect(byKey["beta-key"]?["sender"] == "BetaShop" && byKey["beta-key"]?["receiver"] == "60123456702")
        for (store, number) in [("alpha1", "60123456701"), ("beta2", "60123456702")] {
            let history = try await system.waitFor("history.query", ["store": .string(store)]) {
                $0["rows"]?.arrayValue?.count == 1
            }
            #expect(history["rows"]?.arrayValue?.first?["recipient"]?.stringValue?.hasSuffix(number) == true)
        }

        // With sending paused, an order in each store queues an SMS; the app is uninstalled from beta2.
        _ = try await system.call("outbox.pause")
        for store in ["alpha1", "beta2"] {
            _ = try await system.sandboxRequest("POST", "/sandbox/store/orders", body: #"{"store": "\#(store)"}"#)
            _ = try await system.waitFor("history.query", ["store": .string(store), "state": "queued"]) {
                $0["rows"]?.arrayValue?.count == 1
            }
        }
        let uninstall = try await system.sandboxRequest("POST", "/sandbox/apps/uninstall", body: #"{"store": "beta2"}"#)
        #expect(uninstall.1["status"] == 200, "\(uninstall.1)")
        let cancelled = try await system.call("history.query", ["store": "beta2", "state": "cancelled"])
        #expect(cancelled["result"]?["rows"]?.arrayValue?.count == 1, "beta2's queued SMS is cancelled")
        let betaRecord = try await system.call("stores.get", ["store": "beta2"])["result"]?["store"]
        #expect(betaRecord?["state"] == "uninstalled" && betaRecord?["connected"] == false)
        #expect(
            try await system.call("history.query", ["store": "beta2"])["result"]?["rows"]?.arrayValue?.count == 2,
            "its history is kept")
        let signedForBeta = signedWebhook(producer: "stores/beta2")
        let refusedWebhook = try await ServiceUnderTest.httpRequest(
            port: port, "POST", "/webhooks/bigcommerce", headers: signedForBeta.headers, body: signedForBeta.body)
        #expect(refusedWebhook.0 == 403, "beta2's webhooks are refused")
        _ = try await system.call("outbox.resume")
        let afterResume = try await waitForMessages(system, count: 3)
        #expect(afterResume.last?["apiKey"] == "e2e-key", "alpha1 goes on")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await system.sandboxMessages().count == 3, "nothing of beta2 was sent after its uninstall")
        _ = await system.stop()
    }

    private func waitForMessages(_ system: ServiceUnderTest, count: Int) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let messages = try await system.sandboxMessages()
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessFailure("the sandbox never held \(count) messages")
    }

    /// A store event signed with the app's client secret, as BigCommerce signs an installed store's.
    private func signedWebhook(producer: String) -> (headers: [(String, String)], body: String) {
        let body =
            #"{"scope":"store/order/created","store_id":"1","data":{"type":"order","id":101},"hash":"e2e-refused","created_at":\#(Int(Date().timeIntervalSince1970)),"producer":"\#(producer)"}"#
        return (HTTPFrontEndToEndTests.signed(body, secret: Self.clientSecret), body)
    }
}
