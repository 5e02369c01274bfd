import Foundation
import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// The low-balance alert in `account.set`/`account.get`, `quietHours.*`, and the last SMS of a broadcast counting
/// the quiet hours, through the dispatcher on a real database file with the gateway stubbed.
@Suite struct OperationsMethodsTests {
    private func dispatcher() throws -> RPCDispatcher {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let gateway = StubTransport(routes: [
            "/account/balance": (200, #"{"status":0,"value":6.4448}"#),
            "/account/pricing": (
                200, #"{"status":0,"destinations":[{"country":"Default","price":0.05,"currency":"EUR"}]}"#
            ),
        ])
        return NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: gateway, token: nil, logger: Logger(label: "test"))
    }

    private func call(_ dispatcher: RPCDispatcher, _ method: String, _ params: JSONValue) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 1]
        return await dispatcher.handle(request, session: session) ?? .null
    }

    @Test func theLowBalanceAlertIsSetCheckedAndComparedAtOnce() async throws {
        let rpc = try dispatcher()
        let zero = await call(rpc, "account.set", ["lowBalanceAlert": ["below": 0]])
        #expect(zero["error"]?["code"] == -32602 && zero["error"]?["data"]?["field"] == "lowBalanceAlert.below")
        let letters = await call(rpc, "account.set", ["lowBalanceAlert": ["below": 5, "currency": "euro"]])
        #expect(letters["error"]?["data"]?["field"] == "lowBalanceAlert.currency", "\(letters)")

        let set = await call(
            rpc, "account.set",
            [
                "apiToken": "token-abcdefghijkl", "sender": "MyShop", "gatewayUrl": "http://127.0.0.1:9",
                "lowBalanceAlert": ["below": 10, "currency": "eur"],
            ])
        let alert = try #require(set["result"]?["account"]?["lowBalanceAlert"], "\(set)")
        #expect(alert["below"] == 10 && alert["currency"] == "EUR")
        #expect(alert["low"] == true, "the check's balance, 6.4448, is below 10: \(alert)")
        #expect(alert["lastBalance"] == 6.4448 && alert["lastCurrency"] == "EUR" && alert["alertedAt"] != .null)

        // The account's currency is known now: another one is refused, and nothing changes.
        let other = await call(rpc, "account.set", ["lowBalanceAlert": ["below": 3, "currency": "MYR"]])
        #expect(other["error"]?["data"]?["field"] == "lowBalanceAlert.currency", "\(other)")
        #expect(other.description.contains("EUR"))
        let kept = await call(rpc, "account.get", [:])
        #expect(kept["result"]?["lowBalanceAlert"]?["below"] == 10)

        let removed = await call(rpc, "account.set", ["lowBalanceAlert": .null])
        #expect(removed["result"]?["account"]?["lowBalanceAlert"] == .null, "\(removed)")
        #expect(await call(rpc, "account.get", [:])["result"]?["lowBalanceAlert"] == .null)
    }

    @Test func quietHoursAreSetInWordsAndCountedInTheLastSMS() async throws {
        let rpc = try dispatcher()
        let none = await call(rpc, "quietHours.get", [:])
        #expect(none["result"]?["window"] == .null && none["result"]?["events"] == [])
        let noZone = await call(rpc, "quietHours.set", ["window": ["start": "09:00", "end": "20:00"]])
        #expect(noZone["error"]?["data"]?["field"] == "storeTimeZone", "\(noZone)")
        let badTime = await call(
            rpc, "quietHours.set", ["window": ["start": "9am", "end": "20:00"], "storeTimeZone": "Asia/Singapore"])
        #expect(badTime["error"]?["data"]?["field"] == "window.start", "\(badTime)")

        // A one-hour window that opened an hour ago in UTC: closed now everywhere a UTC clock is kept.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let hour = calendar.component(.hour, from: Date())
        let start = String(format: "%02d:00", (hour + 23) % 24)
        let set = await call(
            rpc, "quietHours.set",
            [
                "window": ["start": .string(start), "end": .string(String(format: "%02d:00", hour))],
                "storeTimeZone": "Europe/London", "events": ["store/cart/abandoned"],
            ])
        #expect(set["result"]?["window"]?["start"] == .string(start), "\(set)")
        #expect(set["result"]?["events"] == ["store/cart/abandoned"])
        #expect(await call(rpc, "quietHours.get", [:])["result"] == set["result"])

        _ = await call(rpc, "account.set", ["apiToken": "token-abcdefghijkl", "gatewayUrl": "http://127.0.0.1:9"])
        // Iceland keeps UTC all year: its number's window opens at `start` tomorrow, about 23 hours from now.
        let dryRun = await call(
            rpc, "broadcast.send", ["message": "Sale", "recipients": ["numbers": "3546111234"], "dryRun": true])
        let last = try #require(dryRun["result"]?["lastSendAt"]?.stringValue, "\(dryRun)")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS'Z'"
        let lastAt = try #require(formatter.date(from: last), "\(last)")
        #expect(lastAt.timeIntervalSinceNow > 22 * 3600 && lastAt.timeIntervalSinceNow < 24 * 3600, "\(last)")
        #expect(dryRun["result"]?["quietHours"]?["storeTimeZone"] == "Europe/London")
    }
}
