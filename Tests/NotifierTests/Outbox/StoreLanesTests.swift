import Foundation
import GRDB
import Logging
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

/// The sender with two stores, each with its own gateway account: each row goes through its own store's
/// account, and one store's trouble holds its own rows only.
@Suite struct StoreLanesTests {
    /// Each store's scripted account; a store without one cannot send.
    struct Accounts: SMSGatewaySource {
        let gateways: [StoreID: ScriptedGateway]

        func gatewayForSending(store: StoreID) async -> Result<
            (gateway: any SMSGateway, sender: String), GatewayUnavailable
        > {
            guard let gateway = gateways[store] else {
                return .failure(GatewayUnavailable("the account of \(store) is not configured"))
            }
            return .success((gateway, "Shop\(store.rawValue)"))
        }
    }

    /// Queues `count` SMS of `store`.
    private func queue(_ count: Int, store: Int64, _ database: AppDatabase) async throws {
        try await database.writer.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM stores WHERE id = ?", arguments: [store]) == 0 {
                try db.execute(
                    sql: "INSERT INTO stores (id, api_url, updated_at) VALUES (?, 'https://x', ?)",
                    arguments: [store, Date()])
            }
            for index in 0..<count {
                var row = MessageRecord(
                    id: nil, store: store, origin: .broadcast, eventRef: nil, broadcastID: nil, audience: nil,
                    eventType: MessageRecord.broadcastEventType, eventID: nil, orderID: nil, sender: nil,
                    text: "Hi from \(store)", recipientTyped: nil, recipient: "6012345\(store)\(100 + index)",
                    encoding: "GSM-7", parts: 1, state: .queued, reason: nil, attempts: 0, nextAttemptAt: Date(),
                    priority: 1, gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil,
                    statusChecks: 0, nextStatusCheckAt: nil, createdAt: Date(), updatedAt: Date())
                try row.insert(db)
            }
        }
    }

    private func states(store: Int64, _ database: AppDatabase) async throws -> [MessageState] {
        try await database.writer.read { db in
            try MessageRecord.filter(MessageRecord.Columns.store == store).fetchAll(db).map(\.state)
        }
    }

    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the condition never held")
    }

    @Test func eachRowGoesThroughItsOwnStoresAccountAndSender() async throws {
        let database = try AppDatabase.inMemory()
        let (a, b) = (ScriptedGateway(), ScriptedGateway())
        let sender = OutboxSender(
            database: database, gateways: Accounts(gateways: [.first: a, StoreID(rawValue: 2): b]), queued: Doorbell(),
            updates: MessageUpdates(), logger: Logger(label: "test"), statusCheckAfter: nil)
        try await queue(3, store: 1, database)
        try await queue(2, store: 2, database)
        let task = Task { try await sender.run() }
        defer { task.cancel() }
        try await waitUntil {
            try await states(store: 1, database) + states(store: 2, database) == Array(repeating: .sent, count: 5)
        }
        #expect(a.sent.count == 3 && a.sent.allSatisfy { $0.from == "Shop1" && $0.text == "Hi from 1" })
        #expect(b.sent.count == 2 && b.sent.allSatisfy { $0.from == "Shop2" && $0.text == "Hi from 2" })
    }

    @Test func oneStoresEmptyBalanceOrMissingAccountHoldsItsRowsOnly() async throws {
        let database = try AppDatabase.inMemory()
        let broke = MoceanError(kind: .insufficientBalance, message: "Insufficient balance", gatewayStatus: 2)
        let (a, b) = (ScriptedGateway(), ScriptedGateway(fallback: .refuse(broke)))
        b.setBalance("0.0000")
        let sender = OutboxSender(
            database: database, gateways: Accounts(gateways: [.first: a, StoreID(rawValue: 2): b]), queued: Doorbell(),
            updates: MessageUpdates(), logger: Logger(label: "test"), statusCheckAfter: nil)
        try await queue(2, store: 2, database)
        try await queue(1, store: 3, database)  // no account at all
        try await queue(3, store: 1, database)
        let task = Task { try await sender.run() }
        defer { task.cancel() }
        try await waitUntil { try await states(store: 1, database) == [.sent, .sent, .sent] }
        #expect(try await states(store: 2, database) == [.queued, .queued], "held, not failed")
        #expect(try await states(store: 3, database) == [.queued])
        let held = try await sender.status(of: StoreID(rawValue: 2))
        #expect(held.pausedReason?.contains("balance") == true)
        let since = try #require(held.heldForBalanceSince, "says since when the store's SMS wait for its balance")
        #expect(abs(since.timeIntervalSinceNow) < 30 && held.counts[.queued] == 2)
        #expect(
            try await sender.status(of: StoreID(rawValue: 3)).heldForBalanceSince == nil, "held, not for its balance")
        #expect(try await sender.status(of: .first).heldForBalanceSince == nil)
        #expect(try await sender.status(of: StoreID(rawValue: 3)).pausedReason?.contains("not configured") == true)
        #expect(try await sender.status(of: .first).paused == false)
        // Store 1 goes on sending while the others are held.
        try await queue(2, store: 1, database)
        await sender.wake()
        try await waitUntil { try await states(store: 1, database).filter { $0 == .sent }.count == 5 }
        #expect(b.acceptedCount == 0)
    }
}
