import Foundation
import GRDB
import JSONCore
import Logging
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

/// Broadcasts over an in-memory database: planning, writing in batches, pause, resume, cancel and retry.
@Suite struct BroadcastTests {
    let outbox: OutboxHarness
    let toWrite = Doorbell()
    let broadcasts: BroadcastService
    let writer: BroadcastWriter
    let optOuts: OptOuts

    init() async throws {
        outbox = try await OutboxHarness()
        broadcasts = BroadcastService(
            database: outbox.database, account: outbox.account, sender: outbox.sender(), toWrite: toWrite,
            logger: Logger(label: "test"))
        writer = BroadcastWriter(
            database: outbox.database, toWrite: toWrite, queued: outbox.queued, logger: Logger(label: "test"))
        optOuts = OptOuts(database: outbox.database, account: outbox.account)
    }

    /// Customers 1 to `count`: every third without a phone, the rest with `6012300NNNN`.
    private func addCustomers(_ count: Int) async throws {
        let time = Date(timeIntervalSince1970: 1_795_000_000)
        try await outbox.database.writer.write { db in
            for number in 1...count {
                let phone: String? = number % 3 == 0 ? nil : "+60 12-300 \(String(format: "%04d", number))"
                var customer = CustomerRecord(
                    id: nil, storeCustomerID: Int64(number), firstName: "C\(number)", lastName: nil, email: nil,
                    phone: phone, phoneDigits: phone.map { _ in "6012300" + String(format: "%04d", number) },
                    phoneCountry: "MY", phoneReason: nil, source: .manual, syncRun: nil, seenAt: time, updatedAt: time)
                try customer.insert(db)
            }
        }
    }

    private func rows(of id: Int64) async throws -> [MessageRecord] {
        try await outbox.database.writer.read { db in
            try MessageRecord.filter(MessageRecord.Columns.broadcastID == id).order(MessageRecord.Columns.id).fetchAll(
                db)
        }
    }

    @Test func numbersAreCheckedDeduplicatedAndOptOutsSkipped() async throws {
        _ = try await optOuts.add("+60 13-456 7890", source: "customer", note: "replied STOP", store: .first)
        var request = BroadcastRequest(
            message: "Sale today",
            recipients: .numbers([
                "60123456789", "+60 12-345 6789", "60134567890", "0123456789", "hello", "60198765432",
            ]))
        request.dryRun = true
        let preview = try await broadcasts.send(request, store: .first)
        #expect(preview.broadcast == nil && preview.recipients == 6 && preview.duplicates == 1)
        #expect(preview.toSend == 2, "60123456789 and 60198765432")
        #expect(preview.skipped[BroadcastPlan.optedOut] == 1)
        #expect(preview.skipped.keys.contains { $0.contains("holds no digits") })
        #expect(preview.skipped.keys.contains { $0.contains("country code") }, "\(preview.skipped)")
        #expect(preview.samples.map(\.to) == ["60123456789", "60198765432"])
        #expect(preview.costError != nil, "no credentials: not priced, and said why")
        #expect(try await outbox.messages().isEmpty, "a dry run writes nothing")
    }

    @Test func withoutACountryPolicyTypedNumbersStillNeedTheirCountryCode() async throws {
        var update = AccountUpdate()
        update.customerCountry = .clear
        _ = try await outbox.account.update(update, of: .first)
        var request = BroadcastRequest(message: "Hi", recipients: .numbers(["0123456789", "60123456789"]))
        request.dryRun = true
        let preview = try await broadcasts.send(request, store: .first)
        #expect(preview.toSend == 1 && preview.samples.map(\.to) == ["60123456789"])
        #expect(
            preview.skipped.keys.contains { $0.hasPrefix("does not begin with a country code") }, "\(preview.skipped)")
    }

    @Test func optOutsReachEventSMSOnlyWhenTheSettingSaysSo() async throws {
        try await outbox.enableCustomers([.orderCreated])
        _ = try await optOuts.add("+60 12-345 6789", source: nil, note: nil, store: .first)
        let order: JSONValue = [
            "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 250], "hash": "o-1",
            "created_at": 1_632_114_489,
        ]
        let resources: JSONValue = ["order": ["billing_address": ["phone": "012-345 6789"]]]
        _ = try await outbox.ingest(order, resources: resources)
        try await outbox.processor.processWaiting()
        #expect(try await optOuts.appliesToEvents(store: .first) == false)
        try await optOuts.setAppliesToEvents(true, store: .first)
        _ = try await outbox.ingest(order.replacing(hash: "o-2"), resources: resources)
        try await outbox.processor.processWaiting()
        let rows = try await outbox.messages()
        #expect(rows.map(\.state) == [.queued, .skipped], "an order SMS by default; skipped once opt-outs apply")
        #expect(rows[1].reason?.hasPrefix(BroadcastPlan.optedOut) == true)
    }

    @Test func allCustomersAreWrittenInBatchesOnceEvenAfterAnInterruption() async throws {
        try await addCustomers(2_500)
        let outcome = try await broadcasts.send(BroadcastRequest(message: "Hello all", recipients: .all), store: .first)
        let id = try #require(outcome.broadcast?.id)
        #expect(outcome.created && outcome.toSend == 1_667 && outcome.skipped[BroadcastPlan.noPhone] == 833)
        // An interruption after the first batch: the writer goes on from where the committed cursor says.
        try await outbox.database.writer.write { db in
            let first = try BroadcastRecord.fetchOne(db, key: id)
            let recipients = BroadcastPlan.decode(try #require(first).recipients)
            for recipient in recipients[0..<BroadcastWriter.batchSize] {
                var row = BroadcastWriter.row(for: recipient, of: try #require(first), due: Date(), now: Date())
                _ = try row.insertUnlessPresent(db)
            }
            try db.execute(
                sql: "UPDATE broadcasts SET written = ? WHERE id = ?", arguments: [BroadcastWriter.batchSize, id])
        }
        try await writer.writePending()
        try await writer.writePending()
        let written = try await rows(of: id)
        #expect(written.count == 2_500, "every planned recipient once")
        #expect(Set(written.filter { $0.state == .queued }.map(\.recipient)).count == 1_667)
        #expect(written.allSatisfy { $0.eventType == "SMS Broadcast" && $0.priority == 1 && $0.origin == .broadcast })
        #expect(written.filter { $0.state == .skipped }.allSatisfy { $0.reason == BroadcastPlan.noPhone })
        let status = try #require(try await broadcasts.status(id: id, store: .first))
        #expect(status.broadcast.state == .running && status.broadcast.written == 2_500)
    }

    @Test func pauseHoldsResumeReleasesCancelStopsAndNothingSentIsTouched() async throws {
        try await addCustomers(30)
        let id = try #require(
            try await broadcasts.send(BroadcastRequest(message: "Hi", recipients: .all), store: .first).broadcast?.id)
        try await writer.writePending()
        // One row sent already.
        try await outbox.database.writer.write { db in
            try db.execute(
                sql:
                    "UPDATE messages SET state = 'sent' WHERE id = (SELECT min(id) FROM messages WHERE broadcast_id = ? AND state = 'queued')",
                arguments: [id])
        }
        _ = try await broadcasts.pause(id: id, store: .first)
        var held = try await rows(of: id).filter { $0.state == .queued }
        #expect(held.count == 19 && held.allSatisfy { $0.nextAttemptAt == nil }, "held rows are never due")
        await #expect(throws: BroadcastService.StateRefusal.self) { try await broadcasts.pause(id: id, store: .first) }
        _ = try await broadcasts.resume(id: id, store: .first)
        held = try await rows(of: id).filter { $0.state == .queued }
        #expect(held.count == 19 && held.allSatisfy { $0.nextAttemptAt != nil })
        let cancelled = try #require(try await broadcasts.cancel(id: id, store: .first))
        #expect(cancelled.broadcast.state == .cancelled)
        #expect(
            cancelled.messages[.cancelled] == 19 && cancelled.messages[.sent] == 1 && cancelled.messages[.queued] == nil
        )
        #expect(try await broadcasts.pause(id: 999, store: .first) == nil)
    }

    @Test func retryFailedQueuesExactlyTheFailedAndExpired() async throws {
        let id = try #require(
            try await broadcasts.send(
                BroadcastRequest(
                    message: "Hi", recipients: .numbers(["60123456781", "60123456782", "60123456783", "60123456784"])),
                store: .first
            ).broadcast?.id)
        try await writer.writePending()
        try await outbox.database.writer.write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM messages WHERE broadcast_id = ? ORDER BY id", arguments: [id])
            for (rowID, state) in zip(ids, ["delivered", "failed", "expired", "unknown"]) {
                try db.execute(sql: "UPDATE messages SET state = ? WHERE id = ?", arguments: [state, rowID])
            }
        }
        #expect(try await broadcasts.retryFailed(id: id, includeUnknown: false, store: .first) == 2)
        let states = try await rows(of: id).map(\.state)
        #expect(states == [.delivered, .queued, .queued, .unknown])
        #expect(try await broadcasts.retryFailed(id: id, includeUnknown: true, store: .first) == 1)
        #expect(try await broadcasts.retryFailed(id: 404, includeUnknown: false, store: .first) == nil)
    }

    @Test func theSameIdempotencyKeyAnswersTheFirstBroadcast() async throws {
        var request = BroadcastRequest(message: "Once", recipients: .numbers(["60123456789"]))
        request.idempotencyKey = "campaign-7"
        let first = try await broadcasts.send(request, store: .first)
        let again = try await broadcasts.send(request, store: .first)
        #expect(first.created && !again.created && first.broadcast?.id == again.broadcast?.id)
        #expect(try await broadcasts.list(limit: 10, before: nil, store: .first).count == 1)
    }

    @Test func badRequestsNameTheirField() async throws {
        let empty = await #expect(throws: ValidationError.self) {
            try await broadcasts.send(BroadcastRequest(message: "  ", recipients: .all), store: .first)
        }
        #expect(empty?.field == "message")
        var request = BroadcastRequest(message: "x", recipients: .numbers([]))
        let none = await #expect(throws: ValidationError.self) { try await broadcasts.send(request, store: .first) }
        #expect(none?.field == "recipients.numbers")
        request = BroadcastRequest(message: "x", recipients: .all)
        request.sender = "Not valid!"
        let sender = await #expect(throws: ValidationError.self) { try await broadcasts.send(request, store: .first) }
        #expect(sender?.field == "sender")
    }

    @Test func theCostIsPricedPerDestinationAndAMissingBalanceRefuses() throws {
        let prices = [
            PriceRow(
                country: "Default", network: "Default", mcc: "Default", mnc: "Default", price: "0.5000", currency: "MYR"
            ),
            PriceRow(
                country: "Malaysia", network: "Default", mcc: "502", mnc: "Default", price: "0.1000", currency: "MYR"),
        ]
        let cost = BroadcastCost.estimate(
            digits: ["60123456789", "60198765432", "447911123456"], parts: 2, prices: prices,
            balance: Balance(value: .init(exactly: "1.0")!, currency: "MYR"))
        #expect(cost.total == "1.4000" && cost.covered == false && cost.currency == "MYR")
    }
}
