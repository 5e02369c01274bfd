import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// account.* through the dispatcher, on a real database file, with the gateway stubbed.
@Suite struct AccountMethodsTests {
    static let secret = "very-secret-value-7f3a"
    static let token = "token-abcdefghijkl-9z8y"

    private func dispatcher(_ transport: StubTransport) throws -> RPCDispatcher {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        return NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: transport, token: nil, logger: Logger(label: "test"))
    }

    private func call(_ dispatcher: RPCDispatcher, _ method: String, _ params: JSONValue? = nil) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let request: JSONValue =
            if let params {
                ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 1]
            } else {
                ["jsonrpc": "2.0", "method": .string(method), "id": 1]
            }
        return await dispatcher.handle(request, session: session) ?? .null
    }

    private var validGateway: StubTransport {
        StubTransport(routes: [
            "/account/balance": (200, #"{"status":0,"value":6.4448}"#),
            "/account/pricing": (
                200, #"{"status":0,"destinations":[{"country":"Default","price":0.05,"currency":"EUR"}]}"#
            ),
        ])
    }

    @Test func setChecksTheCredentialsAndShowsTheBalanceInTheSeedsForm() async throws {
        let rpc = try dispatcher(validGateway)
        let answer = await call(
            rpc, "account.set",
            [
                "apiKey": "key-1", "apiSecret": .string(Self.secret), "sender": "MyShop", "adminCountry": "my",
                "gatewayUrl": "http://127.0.0.1:9/",
            ])
        let result = try #require(answer["result"])
        #expect(
            result["credentials"] == [
                "status": "valid", "balance": ["value": 6.4448, "currency": "EUR", "display": "EUR 6.4448"],
            ])
        #expect(result["account"]?["adminCountry"] == "MY")
        #expect(result["account"]?["gatewayUrl"] == "http://127.0.0.1:9")
        #expect(result["account"]?["authentication"] == "keySecret")
        #expect(answer.description.contains("6.4448"), "the balance keeps the gateway's digits")
    }

    @Test func neverReturnsTheSecretOrTheToken() async throws {
        let rpc = try dispatcher(validGateway)
        let set = await call(rpc, "account.set", ["apiSecret": .string(Self.secret), "apiToken": .string(Self.token)])
        let get = await call(rpc, "account.get")
        for answer in [set, get] {
            #expect(!answer.description.contains(Self.secret) && !answer.description.contains(Self.token))
        }
        #expect(get["result"]?["apiSecret"] == ["set": true, "last4": "7f3a"])
        #expect(get["result"]?["apiToken"] == ["set": true, "last4": "9z8y"])
        #expect(get["result"]?["authentication"] == "token")
        _ = await call(rpc, "account.set", ["apiSecret": "short-1234"])
        let short = await call(rpc, "account.get")
        #expect(short["result"]?["apiSecret"] == ["set": true], "four of ten characters would say too much")
    }

    @Test func changesOnlyTheFieldsGivenAndNullClears() async throws {
        let rpc = try dispatcher(validGateway)
        _ = await call(rpc, "account.set", ["sender": "MyShop", "customerCountry": "SG"])
        let partial = await call(rpc, "account.set", ["customerCountry": nil])
        #expect(partial["result"]?["account"]?["sender"] == "MyShop")
        #expect(partial["result"]?["account"]?["customerCountry"] == .null)
        #expect(partial["result"]?["credentials"]?["status"] == "notConfigured")
    }

    @Test(arguments: [
        (
            "adminCountry", JSONValue("XX"),
            "is not an ISO 3166-1 alpha-2 code of a country with a telephone numbering plan"
        ),
        ("sender", "My Shop!", "letters and digits"), ("apiKey", "", "must not be empty"),
        ("gatewayUrl", "rest.moceanapi.com", "http or https URL"), ("sender", 12, "expected a string"),
    ])
    func refusesBadValuesNamingTheField(field: String, value: JSONValue, reason: String) async throws {
        let rpc = try dispatcher(validGateway)
        let answer = await call(rpc, "account.set", .object(JSONObject([.init(key: field, value: value)])))
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["data"]?["field"] == .string(field))
        #expect(answer["error"]?["data"]?["reason"]?.stringValue?.contains(reason) == true, "\(answer)")
    }

    @Test func balanceErrorsAreTheDomainsCodes() async throws {
        let unconfigured = try dispatcher(validGateway)
        #expect(await call(unconfigured, "account.balance")["error"]?["code"] == 1001)

        let refused = try dispatcher(
            StubTransport(status: 401, body: #"{"status":1,"err_msg":"Authorization failed"}"#))
        _ = await call(refused, "account.set", ["apiToken": .string(Self.token)])
        let denied = await call(refused, "account.balance")
        #expect(denied["error"]?["code"] == 1002)
        #expect(denied["error"]?["message"] == "Gateway: Authorization failed")
        #expect(denied["error"]?["data"]?["transient"] == false)

        let down = try dispatcher(StubTransport(status: 503, body: "Service Unavailable"))
        _ = await call(down, "account.set", ["apiToken": .string(Self.token)])
        let unavailable = await call(down, "account.balance")
        #expect(unavailable["error"]?["code"] == 1003)
        #expect(unavailable["error"]?["data"]?["transient"] == true)
    }

    @Test func setReportsWhatTheGatewaySaidOfRefusedCredentials() async throws {
        let rpc = try dispatcher(StubTransport(status: 401, body: #"{"status":1,"err_msg":"Authorization+failed"}"#))
        let answer = await call(rpc, "account.set", ["apiKey": "k", "apiSecret": "s"])
        #expect(answer["result"]?["credentials"] == ["status": "invalid", "message": "Authorization failed"])
    }
}
