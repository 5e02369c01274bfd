import JSONRPC
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// store.set and store.get against a stubbed store API.
@Suite struct StoreMethodsTests {
    static let storeBody =
        #"{"id":"1025646","name":"My Shop","domain":"myshop.example","country_code":"MY","timezone":{"name":"Asia/Kuala_Lumpur"}}"#

    @Test func validCredentialsShowTheStoreAndTheTokenNeverComesBack() async throws {
        let transport = StubTransport(routes: ["/stores/abc123/v2/store": (200, Self.storeBody)])
        let rpc = try RPCHarness(transport: transport)
        let answer = await rpc.call(
            "store.set",
            ["storeHash": "ABC123", "accessToken": "  store-token-0123456789  ", "apiUrl": "http://127.0.0.1:9"])
        let result = try #require(answer["result"], "\(answer)")
        #expect(result["credentials"]?["status"] == "valid")
        #expect(result["store"]?["storeHash"] == "abc123" && result["store"]?["storeName"] == "My Shop")
        #expect(result["store"]?["storeCountry"] == "MY" && result["store"]?["storeTimezone"] == "Asia/Kuala_Lumpur")
        #expect(result["store"]?["accessToken"] == ["set": true, "last4": "6789"])
        #expect(!answer.description.contains("store-token-0123456789"))
        let request = try #require(transport.lastRequest)
        #expect(request.headers.contains { $0.name == "X-Auth-Token" && $0.value == "store-token-0123456789" })
        let stored = await rpc.call("store.get", [:])
        #expect(stored["result"]?["connected"] == true && stored["result"]?["checkedAt"] != nil)
    }

    @Test func refusedCredentialsAreSavedAndReportedInTheStoresWords() async throws {
        let rpc = try RPCHarness(
            transport: StubTransport(status: 401, body: #"{"status":401,"title":"No permission"}"#))
        let answer = await rpc.call(
            "store.set", ["storeHash": "abc123", "accessToken": "wrong-token", "apiUrl": "http://127.0.0.1:9"])
        #expect(answer["result"]?["credentials"] == ["status": "invalid", "message": "No permission"])
    }

    @Test func theStoredTokenNeverFollowsANewAddressAlone() async throws {
        let rpc = try RPCHarness(transport: StubTransport(status: 200, body: Self.storeBody))
        _ = await rpc.call(
            "store.set", ["storeHash": "abc123", "accessToken": "token-one", "apiUrl": "http://127.0.0.1:9"])
        for url: JSONValue in ["https://attacker.example", .null] {
            let moved = await rpc.call("store.set", ["apiUrl": url])
            #expect(moved["error"]?["code"] == -32602 && moved["error"]?["data"]?["field"] == "apiUrl", "\(moved)")
        }
        let plain = await rpc.call("store.set", ["apiUrl": "http://api.example.com", "accessToken": "t"])
        #expect(plain["error"]?["data"]?["field"] == "apiUrl", "plain http only on this machine")
        let hash = await rpc.call("store.set", ["storeHash": "stores/abc"])
        #expect(hash["error"]?["data"]?["field"] == "storeHash")
        let notConfigured = try RPCHarness()
        let empty = await notConfigured.call("store.set", [:])
        #expect(empty["result"]?["credentials"]?["status"] == "notConfigured")
    }
}
