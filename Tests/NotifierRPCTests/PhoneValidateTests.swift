import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// `phone.validate` through the dispatcher, on a real database file.
@Suite struct PhoneValidateTests {
    let rpc: RPCHarness

    init() throws {
        rpc = try RPCHarness()
    }

    private func call(_ method: String, _ params: JSONValue) async -> JSONValue {
        await rpc.call(method, params)
    }

    @Test func answersEveryFieldForAValidNumber() async {
        let answer = await call("phone.validate", ["number": "012-345 6789", "country": "my"])
        #expect(
            answer["result"] == [
                "number": "012-345 6789", "checked": true, "country": "MY", "valid": true, "reason": nil,
                "e164": "+60123456789", "gatewayNumber": "60123456789", "region": "MY", "type": "mobile",
                "smsCapable": true, "note": nil,
            ])
    }

    @Test func saysSoWhenNothingIsChecked() async {
        let answer = await call("phone.validate", ["012 345 6789"])
        #expect(answer["result"]?["checked"] == false && answer["result"]?["valid"] == .null)
        #expect(answer["result"]?["gatewayNumber"] == "0123456789")
        #expect(answer["result"]?["note"]?.stringValue?.contains("nothing was checked") == true)
    }

    @Test func usesTheConfiguredCountryAndPolicyOfAnAudience() async {
        _ = await call("account.set", ["adminCountry": "SG", "allowForeignNumbers": true])
        let admin = await call("phone.validate", ["number": "9123 4567", "audience": "admin"])
        #expect(admin["result"]?["country"] == "SG" && admin["result"]?["valid"] == true)
        let foreign = await call("phone.validate", ["number": "+60 12 345 6789", "audience": "admin"])
        #expect(foreign["result"]?["valid"] == true, "foreign numbers are allowed by the setting")
        let account = await call("account.get", [:])
        #expect(account["result"]?["allowForeignNumbers"] == true && account["result"]?["smsCapableOnly"] == true)
    }

    static let badParams: [(params: JSONValue, field: String)] = [
        (["number": "1", "country": "XX"], "country"),
        (["number": "1", "country": "MY", "audience": "admin"], "audience"),
        (["number": "1", "audience": "staff"], "audience"),
        (["number": .string(String(repeating: "1", count: 300))], "number"),
        (["country": "MY"], "number"),
    ]

    @Test(arguments: badParams)
    func refusesBadParamsNamingTheField(params: JSONValue, field: String) async {
        let answer = await call("phone.validate", params)
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["error"]?["data"]?["field"] == .string(field), "\(answer)")
    }
}
