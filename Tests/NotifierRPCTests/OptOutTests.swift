import JSONRPC
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Opt-outs through the methods: added, listed, shown on the customer, skipped by broadcasts, removed.
@Suite struct OptOutTests {
    @Test func anOptedOutCustomerIsShownAndSkippedByBroadcasts() async throws {
        let rpc = try RPCHarness()
        _ = await rpc.call("account.set", ["customerCountry": "MY", "sender": "MyShop"])
        let customer = await rpc.call("customers.upsert", ["firstName": "Aisyah", "phone": "012-345 6789"])
        let id = try #require(customer["result"]?["id"])
        #expect(customer["result"]?["optedOut"] == false)
        let added = await rpc.call("optOut.add", ["number": "+60 12-345 6789", "note": "replied STOP"])
        #expect(added["result"]?["number"] == "60123456789" && added["result"]?["source"] == "admin", "\(added)")
        #expect(await rpc.call("customers.get", ["id": id])["result"]?["optedOut"] == true)
        let listed = await rpc.call("optOut.list", [:])
        #expect(listed["result"]?["total"] == 1)
        let preview = await rpc.call(
            "broadcast.send", ["message": "Sale", "recipients": ["customerIds": [id]], "dryRun": true])
        #expect(preview["result"]?["toSend"] == 0, "\(preview)")
        #expect(preview["result"]?["skipped"]?["the number opted out of broadcasts"] == 1)
        let refused = await rpc.call("optOut.add", ["number": "12"])
        #expect(refused["error"]?["data"]?["field"] == "number")
        #expect(await rpc.call("optOut.remove", ["number": "60123456789"])["result"]?["removed"] == true)
        #expect(await rpc.call("customers.get", ["id": id])["result"]?["optedOut"] == false)
    }

    @Test func broadcastControlsAnswerNotFoundAndWrongState() async throws {
        let rpc = try RPCHarness()
        _ = await rpc.call("account.set", ["customerCountry": "MY", "sender": "MyShop"])
        let missing = await rpc.call("broadcast.pause", ["id": 42])
        #expect(missing["error"]?["code"] == 1005)
        let sent = await rpc.call("broadcast.send", ["message": "Hi", "recipients": ["numbers": "60123456789"]])
        let id = try #require(sent["result"]?["id"])
        _ = await rpc.call("broadcast.cancel", ["id": id])
        let again = await rpc.call("broadcast.pause", ["id": id])
        #expect(again["error"]?["code"] == 1009 && again["error"]?["data"]?["state"] == "cancelled", "\(again)")
        let bad = await rpc.call("broadcast.send", ["message": "Hi", "recipients": ["all": true, "numbers": "1"]])
        #expect(bad["error"]?["data"]?["field"] == "recipients")
    }

    @Test func withConfirmBroadcastsASendGoesOnlyWithItsDryRunsConfirmation() async throws {
        let rpc = try RPCHarness(confirmBroadcasts: true)
        _ = await rpc.call("account.set", ["customerCountry": "MY", "sender": "MyShop"])
        let send: JSONValue = ["message": "Hi", "recipients": ["numbers": "60123456789"], "allowPartial": true]
        let unconfirmed = await rpc.call("broadcast.send", send)
        #expect(unconfirmed["result"]?["dryRun"] == true && unconfirmed["result"]?["id"] == nil, "\(unconfirmed)")
        #expect(unconfirmed["result"]?["confirmationRequired"]?.stringValue?.contains("dryRun first") == true)
        let confirmation = try #require(unconfirmed["result"]?["confirmation"])
        guard case .object(var confirmed) = send else { return }
        confirmed["confirmation"] = confirmation
        let sent = await rpc.call("broadcast.send", .object(confirmed))
        #expect(sent["result"]?["dryRun"] == false && sent["result"]?["created"] == true, "\(sent)")
        confirmed["confirmation"] = .string(String(repeating: "x", count: 201))
        let tooLong = await rpc.call("broadcast.send", .object(confirmed))
        #expect(tooLong["error"]?["data"]?["field"] == "confirmation", "\(tooLong)")
    }
}
