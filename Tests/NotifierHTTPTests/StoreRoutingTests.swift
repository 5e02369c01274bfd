import Foundation
import GRDB
import HTTPClient
import Notifier
import Testing

/// One webhook URL for every store: each delivery goes to the store its `producer` names, verified with that
/// store's secret; an unknown or uninstalled store's events are refused and not stored.
@Suite struct StoreRoutingTests {
    static let secondSecret = "second-store-client-secret-0123"

    @Test func eachDeliveryGoesToItsProducersStoreVerifiedWithThatStoresSecret() async throws {
        try await HTTPFrontHarness.with { front in
            let directory = front.services.stores
            _ = try await directory.install(.init(storeHash: "abc123", accessToken: "t1", scopes: "s"))
            let (second, _) = try await directory.install(.init(storeHash: "def456", accessToken: "t2", scopes: "s"))
            var secret = StoreUpdate()
            secret.clientSecret = .set(Self.secondSecret)
            _ = try await front.services.store.update(secret, of: second)

            let toSecond = HTTPFrontHarness.webhookBody(hash: "routed-1", producer: "stores/def456")
            let signedRight = HTTPFrontHarness.signedHeaders(toSecond, secret: Self.secondSecret)
            let accepted = try await front.request(.post, "/webhooks/bigcommerce", headers: signedRight, body: toSecond)
            #expect(accepted.status == 200, "\(String(decoding: accepted.body, as: UTF8.self))")
            let wrongKey = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(toSecond), body: toSecond)
            #expect(wrongKey.status == 401, "signed with the first store's secret")
            let toFirst = HTTPFrontHarness.webhookBody(hash: "routed-2", producer: "stores/abc123")
            let first = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(toFirst), body: toFirst)
            #expect(first.status == 200)
            let stores = try await front.services.database.writer.read { db in
                try Int64.fetchAll(db, sql: "SELECT store FROM events ORDER BY id")
            }
            #expect(stores == [second.rawValue, 1])

            let unknown = HTTPFrontHarness.webhookBody(hash: "routed-3", producer: "stores/zzz999")
            let refused = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(unknown), body: unknown)
            #expect(refused.status == 403 && refused.json?["error"]?["code"] == "storeNotServed")
            _ = try await directory.uninstall(hash: "def456")
            let afterUninstall = HTTPFrontHarness.webhookBody(hash: "routed-4", producer: "stores/def456")
            let gone = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: HTTPFrontHarness.signedHeaders(afterUninstall, secret: Self.secondSecret), body: afterUninstall
            )
            #expect(gone.status == 403 && gone.json?["error"]?["code"] == "storeNotServed")
            #expect(try await front.eventCount() == 2, "nothing refused is stored")
        }
    }

    @Test func aStoreTokenOnRPCActsOnItsStoreAlone() async throws {
        let operatorToken = "operator-token-0123456789abcdef"
        try await HTTPFrontHarness.with(token: operatorToken) { front in
            _ = try await front.services.stores.install(.init(storeHash: "abc123", accessToken: "t1", scopes: "s"))
            let (second, _) = try await front.services.stores.install(
                .init(storeHash: "def456", accessToken: "t2", scopes: "s"))
            let (_, secret) = try await front.services.storeTokens.create(store: second, label: "B")
            func rpc(_ body: String, token: String) async throws -> HTTPResponse {
                try await front.request(
                    .post, "/rpc",
                    headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")],
                    body: Array(body.utf8))
            }
            _ = try await rpc(
                #"{"jsonrpc":"2.0","method":"account.set","params":{"sender":"ShopB"},"id":1}"#, token: secret)
            let mine = try await rpc(#"{"jsonrpc":"2.0","method":"account.get","id":2}"#, token: secret)
            #expect(mine.json?["result"]?["sender"] == "ShopB", "\(mine.json ?? nil)")
            let other = try await rpc(
                #"{"jsonrpc":"2.0","method":"account.get","params":{"store":1},"id":3}"#, token: secret)
            #expect(other.json?["error"]?["code"] == 1005)
            let first = try await rpc(
                #"{"jsonrpc":"2.0","method":"account.get","params":{"store":1},"id":4}"#, token: operatorToken)
            #expect(first.json?["result"]?["sender"] == .null, "the operator sees store 1 untouched")
            let wrong = try await rpc(#"{"jsonrpc":"2.0","method":"account.get","id":5}"#, token: "mnst_guess")
            #expect(wrong.status == 401)
        }
    }
}
