import Foundation
import GRDB
import JSONRPC
import TestSupport
import Testing

@testable import Notifier
@testable import NotifierRPC

/// Which store a call acts on: the operator names it (or not, with one store); a caller bound to a store sees
/// that store alone.
@Suite struct StoreScopingTests {
    static let second = StoreID(rawValue: 2)

    /// A harness with two installed stores.
    private func twoStores() async throws -> RPCHarness {
        let rpc = try RPCHarness()
        let directory = StoreDirectory(database: rpc.database)
        for hash in ["abc123", "def456"] {
            _ = try await directory.install(.init(storeHash: hash, accessToken: "token-\(hash)", scopes: "s"))
        }
        return rpc
    }

    @Test func withSeveralStoresTheOperatorNamesOneByIdOrHash() async throws {
        let rpc = try await twoStores()
        let unnamed = await rpc.call("account.get", [:])
        #expect(unnamed["error"]?["code"] == -32602 && unnamed["error"]?["data"]?["field"] == "store", "\(unnamed)")
        #expect(unnamed["error"]?["message"]?.stringValue?.contains("holds 2 stores") == true)
        _ = await rpc.call("account.set", ["sender": "ShopB", "store": 2])
        #expect(await rpc.call("account.get", ["store": 2])["result"]?["sender"] == "ShopB")
        #expect(await rpc.call("account.get", ["store": "DEF456"])["result"]?["sender"] == "ShopB")
        #expect(await rpc.call("account.get", ["store": 1])["result"]?["sender"] == .null)
        for unknown: JSONValue in [99, "zzz999"] {
            let answer = await rpc.call("account.get", ["store": unknown])
            #expect(answer["error"]?["code"] == 1005 && answer["error"]?["data"]?["field"] == "store", "\(answer)")
        }
        for malformed: JSONValue in [0, -1, "not a hash", true, 1.5] {
            let answer = await rpc.call("account.get", ["store": malformed])
            #expect(answer["error"]?["code"] == -32602 && answer["error"]?["data"]?["field"] == "store", "\(answer)")
        }
    }

    @Test func aStoreBoundCallerActsOnItsStoreAndAnotherIsLikeNone() async throws {
        let rpc = try await twoStores()
        let caller = Caller.store(Self.second)
        _ = await rpc.call("account.set", ["sender": "ShopB"], as: caller)
        #expect(await rpc.call("account.get", ["store": 2])["result"]?["sender"] == "ShopB")
        #expect(await rpc.call("account.get", [:], as: caller)["result"]?["sender"] == "ShopB")
        let other = await rpc.call("account.get", ["store": 1], as: caller)
        let none = await rpc.call("account.get", ["store": 99], as: caller)
        #expect(other["error"] != nil && other["error"] == none["error"], "\(other) vs \(none)")
        for method in ["outbox.pause", "outbox.resume", "stores.list"] {
            let refused = await rpc.call(method, [:], as: caller)
            #expect(refused["error"]?["code"] == 1010, "\(method): \(refused)")
        }
        let listed = await rpc.call("stores.list", [:])
        #expect(listed["result"]?["stores"]?.arrayValue?.count == 2, "\(listed)")
    }

    /// The least each method needs to get past its own params, so that the store is what decides.
    static let minimalParams: [String: JSONValue] = [
        "notifications.get": ["audience": "admin"],
        "notifications.configure": ["audience": "admin"],
        "template.render": ["event": "store/order/created", "template": "Hi"],
        "phone.validate": ["number": "60123456789"],
        "events.ingest": [
            "payload": [
                "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 1], "hash": "x",
                "created_at": 1_632_114_489, "producer": "stores/abc123",
            ]
        ],
        "events.get": ["id": 1], "messages.get": ["id": 1], "messages.retry": ["ids": [1]],
        "broadcast.send": ["message": "Hi", "recipients": ["numbers": "60123456789"], "dryRun": true],
        "broadcast.get": ["id": 1], "broadcast.pause": ["id": 1], "broadcast.resume": ["id": 1],
        "broadcast.cancel": ["id": 1], "broadcast.retryFailed": ["id": 1], "broadcast.subscribe": ["id": 1],
        "customers.get": ["id": 1], "customers.upsert": ["firstName": "A", "phone": "60123456789"],
        "customers.import": ["content": "firstName,phone\nA,60123456789"],
        "optOut.add": ["number": "60123456789"], "optOut.remove": ["number": "60123456789"],
        "optOut.configure": ["appliesToEvents": true], "history.configure": ["retentionDays": 30],
        "history.prune": ["before": "2021-09-20T05:08:09Z"], "tokens.create": ["label": "x"],
    ]

    @Test func everyStoreScopedMethodAnswersAnotherStoreAsOneThatDoesNotExist() async throws {
        let rpc = try await twoStores()
        let methods = await rpc.call("rpc.discover", [:])["result"]?["methods"]?.arrayValue ?? []
        var scoped = 0
        for method in methods {
            guard let name = method["name"]?.stringValue,
                (method["params"]?.arrayValue ?? []).contains(where: { $0["name"] == "store" })
            else { continue }
            scoped += 1
            var params = (Self.minimalParams[name] ?? [:]).objectValue ?? JSONObject()
            params["store"] = 2
            let other = await rpc.call(name, .object(params), as: .store(.first))
            params["store"] = 999
            let none = await rpc.call(name, .object(params), as: .store(.first))
            // The operator's own methods are refused whatever the store; the others answer NotFound naming it.
            let operatorOnly = other["error"]?["code"] == 1010
            #expect(
                operatorOnly || (other["error"]?["code"] == 1005 && other["error"]?["data"]?["field"] == "store"),
                "\(name): \(other)")
            #expect(other == none, "\(name): another store's answer differs from a missing store's")
        }
        #expect(scoped >= 38, "the store-scoped methods found in rpc.discover: \(scoped)")
    }

    @Test func aStoreBoundCallerFindsNothingOfAnotherStoreByIdOrSearch() async throws {
        let rpc = try await twoStores()
        let b: JSONValue = 2
        _ = await rpc.call("account.set", ["sender": "SecretB", "store": b])
        let customer = await rpc.call("customers.upsert", ["firstName": "Bee", "phone": "60139999999", "store": b])
        let customerID = try #require(customer["result"]?["id"])
        _ = await rpc.call("optOut.add", ["number": "60138888888", "store": b])
        let alert = await rpc.call("account.set", ["lowBalanceAlert": ["below": 7.25], "store": b])
        #expect(alert["result"]?["account"]?["lowBalanceAlert"]?["below"] == 7.25, "\(alert)")
        let quiet = await rpc.call(
            "quietHours.set",
            ["window": ["start": "09:17", "end": "20:00"], "storeTimeZone": "Asia/Kuala_Lumpur", "store": b])
        #expect(quiet["result"]?["window"]?["start"] == "09:17", "\(quiet)")
        let broadcast = await rpc.call(
            "broadcast.send", ["message": "B-only sale", "recipients": ["numbers": "60139999999"], "store": b])
        let broadcastID = try #require(broadcast["result"]?["id"], "\(broadcast)")
        let bPayload: JSONValue = [
            "scope": "store/order/created", "store_id": "2", "data": ["type": "order", "id": 5], "hash": "b-1",
            "created_at": 1_632_114_489, "producer": "stores/def456",
        ]
        let wrongStore = await rpc.call("events.ingest", ["payload": bPayload, "store": 1])
        #expect(wrongStore["error"]?["data"]?["field"] == "payload.producer", "another store's event: \(wrongStore)")
        let event = await rpc.call("events.ingest", ["payload": bPayload, "store": b])
        let eventID = try #require(event["result"]?["id"])
        let messageID = try await rpc.database.writer.write { db -> Int64 in
            var row = MessageRecord(
                id: nil, store: 2, origin: .broadcast, eventRef: nil, broadcastID: nil, audience: nil,
                eventType: MessageRecord.broadcastEventType, eventID: nil, orderID: "777", sender: "SecretB",
                text: "B-only sale", recipientTyped: nil, recipient: "60139999999", encoding: "GSM-7", parts: 1,
                state: .failed, reason: nil, attempts: 1, nextAttemptAt: nil, priority: 1, gatewayStatus: 1,
                gatewayResponse: "refused", msgid: nil, deliveredAt: nil, statusChecks: 0, nextStatusCheckAt: nil,
                createdAt: Date(), updatedAt: Date())
            try row.insert(db)
            return row.id ?? 0
        }
        let a = Caller.store(.first)
        /// The answer with ids replaced, so that another store's id and a missing one can be compared.
        func shape(_ answer: JSONValue) -> String {
            answer.description.replacingOccurrences(of: #"\d+"#, with: "N", options: .regularExpression)
        }
        let byID: [(String, JSONValue, JSONValue)] = [
            ("customers.get", ["id": customerID], ["id": 99_999]),
            ("broadcast.get", ["id": broadcastID], ["id": 99_999]),
            ("broadcast.pause", ["id": broadcastID], ["id": 99_999]),
            ("broadcast.cancel", ["id": broadcastID], ["id": 99_999]),
            ("broadcast.subscribe", ["id": broadcastID], ["id": 99_999]),
            ("broadcast.retryFailed", ["id": broadcastID], ["id": 99_999]),
            ("events.get", ["id": eventID], ["id": 99_999]),
            ("messages.get", ["id": .number(JSONNumber(messageID))], ["id": 99_999]),
            ("messages.retry", ["ids": [.number(JSONNumber(messageID))]], ["ids": [99_999]]),
        ]
        for (method, theirs, missing) in byID {
            let answer = await rpc.call(method, theirs, as: a)
            #expect(shape(answer) == shape(await rpc.call(method, missing, as: a)), "\(method): \(answer)")
        }
        for (method, params) in [
            ("history.query", ["search": "sale"]), ("history.query", ["orderId": 777]), ("history.export", [:]),
            ("events.list", [:]), ("broadcast.list", [:]), ("customers.list", [:]), ("optOut.list", [:]),
            ("account.get", [:]), ("outbox.status", [:]), ("quietHours.get", [:]),
        ] as [(String, JSONValue)] {
            let text = await rpc.call(method, params, as: a).description
            for secret in ["SecretB", "B-only", "60139999999", "60138888888", "Bee", "7.25", "09:17", "Kuala"] {
                #expect(!text.contains(secret), "\(method) shows \(secret) of another store: \(text)")
            }
        }
        // Nothing of B is counted either: the outbox's status counts the caller's own rows.
        let counts = await rpc.call("outbox.status", [:], as: a)
        #expect(
            counts["result"]?["counts"]?["failed"] == nil || counts["result"]?["counts"]?["failed"] == 0, "\(counts)")
        #expect(await rpc.call("outbox.status", [:], as: .store(Self.second))["result"]?["counts"]?["failed"] == 1)
        // The B rows are there for B.
        #expect(
            await rpc.call("messages.get", ["id": .number(JSONNumber(messageID))], as: .store(Self.second))["result"]
                != nil)
    }
}
