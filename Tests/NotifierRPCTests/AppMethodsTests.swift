import JSONRPC
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// The BigCommerce app's settings through `app.set` and `app.get`: the operator's, the secret write-only.
@Suite struct AppMethodsTests {
    @Test func theAppsSecretIsWriteOnlyAndItsAddressesReturnToBigCommercesWhenCleared() async throws {
        let rpc = try RPCHarness()
        let secret = "app-client-secret-0123456789"
        let set = await rpc.call(
            "app.set", ["clientId": "app-client-id", "clientSecret": .string(secret), "loginUrl": "http://127.0.0.1:9"])
        #expect(set["result"]?["configured"] == true && set["result"]?["loginUrl"] == "http://127.0.0.1:9", "\(set)")
        let got = await rpc.call("app.get", [:])
        #expect(got["result"]?["clientSecret"] == ["set": true, "last4": "6789"])
        #expect(!got.description.contains(secret) && !set.description.contains(secret))
        let cleared = await rpc.call("app.set", ["loginUrl": nil, "clientSecret": nil])
        #expect(cleared["result"]?["loginUrl"] == "https://login.bigcommerce.com")
        #expect(cleared["result"]?["configured"] == false)
        let refused = await rpc.call("app.set", ["loginUrl": "ftp://example.com"])
        #expect(refused["error"]?["data"]?["field"] == "loginUrl", "\(refused)")
        for method in ["app.get", "app.set"] {
            let bound = await rpc.call(method, [:], as: .store(.first))
            #expect(bound["error"]?["code"] == 1010, "\(method): \(bound)")
        }
    }
}
