import Foundation
import JSONRPC
import TestSupport
import Testing

/// Broadcasts through the real service and sandbox (gateway and store) over real sockets: who gets them,
/// pause, kill -9 and resume, and event SMS going first.
@Suite(.timeLimit(.minutes(3))) struct BroadcastEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    private func system(_ name: String, sandbox: [String] = []) async throws -> ServiceUnderTest {
        let system = try await ServiceUnderTest(
            folder: folder.appendingPathComponent(name), sandboxArguments: ["--balance", "100000"] + sandbox)
        _ = try await system.call("account.set", ["customerCountry": "MY"])
        let store = try await system.call(
            "store.set",
            [
                "storeHash": "sandbox", "accessToken": "sandbox-store-token",
                "apiUrl": .string("http://127.0.0.1:\(system.sandboxPort)"),
            ])
        #expect(store["result"]?["credentials"]?["status"] == "valid", "\(store)")
        return system
    }

    /// An integer of an answer, or nil.
    private func count(_ value: JSONValue?) -> Int? {
        if case .number(let number)? = value { return number.integer(as: Int.self) }
        return nil
    }

    private func receivers(_ system: ServiceUnderTest) async throws -> [String] {
        try await system.sandboxMessages().compactMap { $0["receiver"]?.stringValue }
    }

    @Test func allChosenAndTypedRecipientsEachGetItOnceAndTheRestAreRecorded() async throws {
        let system = try await system("kinds")
        let synced = try #require(try await system.call("customers.sync")["result"])
        #expect(synced["added"] == 200)
        let all = try #require(
            try await system.call("broadcast.send", ["message": "Summer sale!", "recipients": ["all": true]])["result"])
        let id = try #require(all["id"])
        #expect(all["created"] == true && all["recipients"] == 200)
        let toSend = try #require(count(all["toSend"]))
        let finished = try await system.waitFor("broadcast.get", ["id": id]) { $0["state"] == "finished" }
        #expect(finished["messages"]?["sent"] == .number(JSONNumber(toSend)))
        // 175 customers with a phone, one part each at the sandbox's 0.05 a part.
        #expect(finished["costSoFar"] == "8.7500" && finished["estimatedCost"] == "8.7500", "\(finished)")
        #expect(finished["currency"] == "EUR")
        let sent = try await receivers(system)
        #expect(sent.count == toSend && Set(sent).count == toSend, "each reachable customer once")
        let history = try await system.call("history.query", ["broadcastId": id, "state": "skipped", "pageSize": 500])
        let skipped = history["result"]?["rows"]?.arrayValue ?? []
        #expect(skipped.count == 200 - toSend && !skipped.isEmpty, "customers without a phone are recorded")
        #expect(
            skipped.allSatisfy { $0["eventType"] == "SMS Broadcast" && $0["response"]?.stringValue?.isEmpty == false })
        // Chosen customers and typed numbers, with a duplicate and a number without its country code.
        let chosen = try #require(
            try await system.call(
                "broadcast.send", ["message": "For you", "recipients": ["customerIds": [1, 2, 3, 999]]])[
                    "result"])
        #expect(chosen["recipients"] == 4)
        let typed = try #require(
            try await system.call(
                "broadcast.send",
                ["message": "Typed", "recipients": ["numbers": "60123456789 +60123456789 0123456789 60134567890"]])[
                    "result"])
        #expect(typed["toSend"] == 2 && typed["duplicates"] == 1, "\(typed)")
        _ = try await system.waitFor("broadcast.get", ["id": try #require(typed["id"])]) { $0["state"] == "finished" }
        let afterTyped = try await receivers(system)
        #expect(afterTyped.filter { $0 == "60123456789" }.count == 1 && afterTyped.contains("60134567890"))
        let dry = try #require(
            try await system.call(
                "broadcast.send", ["message": "Dry", "recipients": ["all": true], "dryRun": true])["result"])
        // 175 customers with a phone, one part each at the sandbox's price of 0.05 a part.
        #expect(
            dry["id"] == nil && dry["dryRun"] == true && dry["cost"]?["total"] == "8.7500"
                && dry["samples"]?.arrayValue?.count == 3, "\(dry)")
        let bad = try await system.call("broadcast.send", ["message": "", "recipients": ["all": true]])
        #expect(bad["error"]?["data"]?["field"] == "message")
        _ = await system.stop()
    }

    @Test func pausedKilledRestartedAndResumedItReachesEveryoneExactlyOnce() async throws {
        let system = try await system("crash", sandbox: ["--latency-ms", "20"])
        // 15 a second: the 300 take 20 s, so that a loaded machine still pauses it midway.
        _ = try await system.call("outbox.configure", ["ratePerSecond": 15, "concurrency": 4])
        let numbers = (1...300).map { "601230\(String(format: "%05d", $0))" }
        let sent = try #require(
            try await system.call(
                "broadcast.send",
                ["message": "Flash sale", "recipients": ["numbers": .string(numbers.joined(separator: " "))]])[
                    "result"])
        let id = try #require(sent["id"])
        #expect(sent["toSend"] == 300)
        _ = try await system.waitFor("broadcast.get", ["id": id]) { (self.count($0["settled"]) ?? 0) >= 20 }
        let paused = try await system.call("broadcast.pause", ["id": id])
        #expect(paused["result"]?["state"] == "paused", "\(paused)")
        try await system.killAndRestartService()
        let afterRestart = try #require(try await system.call("broadcast.get", ["id": id])["result"])
        #expect(afterRestart["state"] == "paused")
        let resumed = try await system.call("broadcast.resume", ["id": id])
        #expect(resumed["result"]?["state"] == "running" || resumed["result"]?["state"] == "writing", "\(resumed)")
        let finished = try await system.waitFor("broadcast.get", ["id": id], seconds: 120) { $0["state"] == "finished" }
        let received = try await receivers(system)
        let unknown = count(finished["messages"]?["unknown"]) ?? 0
        #expect(Set(received).count == received.count, "nobody reached twice")
        #expect(Set(received).isSubset(of: Set(numbers)))
        #expect(received.count + unknown >= 300 && received.count <= 300, "everyone reached, or recorded unknown")
        #expect(count(finished["messages"]?["sent"]) == received.count || unknown > 0)
        _ = await system.stop()
    }

    @Test func anOrderEventInTheMiddleOfABroadcastGoesAheadOfItsQueue() async throws {
        let system = try await system("priority", sandbox: ["--latency-ms", "50"])
        _ = try await system.call("outbox.configure", ["ratePerSecond": 400, "concurrency": 16])
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60134567890"],
                "events": ["store/order/created": ["enabled": true]],
            ])
        let numbers = (1...10_000).map { "6012\(String(format: "%07d", $0))" }
        let started = ContinuousClock.now
        let sent = try #require(
            try await system.call(
                "broadcast.send",
                [
                    "message": "Big sale", "recipients": ["numbers": .array(numbers.map(JSONValue.string))],
                    "follow": false,
                ])[
                    "result"])
        // Sending the 10,000 takes 25 s at 400 a second: the answer comes long before (the bound leaves room for
        // a debug build on a loaded machine; the benchmark measures the real time).
        #expect(ContinuousClock.now - started < .seconds(15), "answered at once, not after the sends")
        let id = try #require(sent["id"])
        _ = try await system.waitFor("broadcast.get", ["id": id]) { (self.count($0["settled"]) ?? 0) >= 500 }
        let ingested = ContinuousClock.now
        let event = try #require(
            try await system.call(
                "events.ingest",
                [
                    "payload": [
                        "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 104],
                        "hash": "mid-broadcast", "created_at": 1_632_114_489,
                    ]
                ])["result"]?["id"])
        _ = try await system.waitFor("events.get", ["id": event], seconds: 20) {
            $0["messages"]?.arrayValue?.first?["state"] == "sent"
        }
        let took = ContinuousClock.now - ingested
        let status = try #require(try await system.call("broadcast.get", ["id": id])["result"])
        #expect(status["state"] != "finished", "the broadcast was still going")
        // About 9,500 broadcast SMS were still queued (24 s of sending): going out within a few seconds means it
        // went ahead of them. (Typically well under a second; the bound leaves room for a loaded machine.)
        #expect(took < .seconds(12), "the order SMS went out in \(took), ahead of the broadcast's queue")
        _ = try await system.call("broadcast.cancel", ["id": id])
        _ = await system.stop()
    }

    @Test func aDryRunOf100000NumbersCountsAndPricesAndWritesNothing() async throws {
        let system = try await ServiceUnderTest(
            folder: folder.appendingPathComponent("dry"), serviceArguments: ["--max-line-bytes", "4194304"])
        _ = try await system.call("account.set", ["customerCountry": "MY"])
        // 100,000 numbers in the seed's one space-delimited string, 40 of them twice.
        let numbers =
            (0..<100_000).map { "6012\(String(format: "%07d", $0))" }
            + (0..<40).map { "6012\(String(format: "%07d", $0))" }
        let dry = try #require(
            try await system.call(
                "broadcast.send",
                [
                    "message": "Big sale", "recipients": ["numbers": .string(numbers.joined(separator: " "))],
                    "dryRun": true,
                ])["result"])
        #expect(dry["recipients"] == 100_040 && dry["toSend"] == 100_000 && dry["duplicates"] == 40, "\(dry)")
        // The sandbox's 0.05 a part, against its balance of 6.4448: not covered.
        #expect(dry["cost"]?["total"] == "5000.0000" && dry["cost"]?["covered"] == false)
        #expect(dry["samples"]?.arrayValue?.count == 3)
        #expect(try await system.call("broadcast.list")["result"]?["broadcasts"] == [])
        #expect(try await system.call("history.query")["result"]?["total"] == 0, "a dry run writes nothing")
        let real = try await system.call(
            "broadcast.send",
            ["message": "Big sale", "recipients": ["numbers": .string(numbers.joined(separator: " "))]])
        #expect(real["error"]?["code"] == 1008 && real["error"]?["data"]?["total"] == "5000.0000", "\(real)")
        _ = await system.stop()
    }
}
