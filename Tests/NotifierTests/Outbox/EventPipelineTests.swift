import Foundation
import JSONCore
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

/// From a stored event to SMS rows, and from rows to the gateway, with nothing lost or sent twice.
@Suite(.timeLimit(.minutes(1))) struct EventPipelineTests {
    static let seedTemplate =
        "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."

    @Test(arguments: StorageBackend.available)
    func theSeedsExampleBecomesOneSMSPerAdminWithTheSeedsText(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            try await outbox.enableAdmins(
                [.shipmentCreated], numbers: ["012-345 6789", "+60 13-456 7890"], template: Self.seedTemplate)
            let first = try await outbox.ingest(OutboxHarness.shipmentCreated())
            #expect(first.duplicate == false)
            let again = try await outbox.ingest(OutboxHarness.shipmentCreated())
            #expect(again == EventStore.IngestOutcome(id: first.id, duplicate: true), "the same hash is one event")
            #expect(try await outbox.processor.processWaiting() == 1)
            #expect(try await outbox.processor.processWaiting() == 0, "processed once")
            let rows = try await outbox.messages()
            #expect(rows.map(\.recipient) == ["60123456789", "60134567890"])
            #expect(
                rows.allSatisfy {
                    $0.state == .queued
                        && $0.text == "Shipment 1 created for order 102 created at 2021-09-20 05:08:09.000Z."
                })
            #expect(
                rows.allSatisfy { $0.eventID == "1" && $0.orderID == "102" && $0.sender == "MyShop" && $0.parts == 1 })

            let sender = outbox.sender()
            try await outbox.running(sender) {
                try await outbox.waitUntil { $0.allSatisfy { $0.state == .sent } }
            }
            #expect(outbox.gateway.sent.map(\.to) == [["60123456789"], ["60134567890"]])
            #expect(outbox.gateway.sent.allSatisfy { $0.from == "MyShop" })
            let sent = try await outbox.messages()
            #expect(sent.allSatisfy { $0.attempts == 1 && $0.gatewayResponse == "Message sent" && $0.msgid != nil })
        }
    }

    @Test(arguments: StorageBackend.available)
    func aCustomerWithoutAPhoneAndARefusedNumberAreSkippedWithTheReason(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            try await outbox.enableCustomers([.orderCreated])
            let order: JSONValue = [
                "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 250], "hash": "o-250",
                "created_at": 1_632_114_489,
            ]
            _ = try await outbox.ingest(
                order, resources: ["order": ["id": 250, "billing_address": ["first_name": "Ann"]]])
            let landline = order.replacing(hash: "o-251")
            _ = try await outbox.ingest(landline, resources: ["order": ["billing_address": ["phone": "03-2161 2345"]]])
            let mobile = order.replacing(hash: "o-252")
            _ = try await outbox.ingest(mobile, resources: ["order": ["billing_address": ["phone": "012-345 6789"]]])
            try await outbox.processor.processWaiting()
            let rows = try await outbox.messages()
            #expect(rows.map(\.state) == [.skipped, .skipped, .queued])
            #expect(rows[0].reason == "no phone number for this customer" && rows[0].recipient == "")
            #expect(rows[1].reason?.contains("a fixed-line number cannot receive SMS") == true)
            #expect(rows[2].recipient == "60123456789" && rows[2].audience == .customer)
        }
    }

    @Test(arguments: StorageBackend.available)
    func withoutADefaultCountryTheAddresssCountryReadsANationalNumber(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            var update = AccountUpdate()
            update.customerCountry = .clear
            _ = try await outbox.account.update(update, of: .first)
            try await outbox.enableCustomers([.orderCreated])
            let order: JSONValue = [
                "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 250], "hash": "o-260",
                "created_at": 1_632_114_489,
            ]
            let address: JSONValue = ["phone": "012-345 6789", "country_iso2": "MY"]
            _ = try await outbox.ingest(order, resources: ["order": ["billing_address": address]])
            // A number its address's country does not make valid goes as typed, as with no country at all.
            let odd: JSONValue = ["phone": "+44 7911 123456", "country_iso2": "MY"]
            _ = try await outbox.ingest(order.replacing(hash: "o-261"), resources: ["order": ["billing_address": odd]])
            _ = try await outbox.ingest(
                order.replacing(hash: "o-262"), resources: ["order": ["billing_address": ["phone": "012-345 6789"]]])
            try await outbox.processor.processWaiting()
            let rows = try await outbox.messages()
            #expect(rows.map(\.recipient) == ["60123456789", "447911123456", "0123456789"])
            #expect(rows.allSatisfy { $0.state == .queued })
        }
    }

    @Test(arguments: StorageBackend.available)
    func anEventSwitchedOffSendsNothingAndSaysWhy(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            let stored = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            let event = try #require(try await outbox.events.event(id: stored.id, store: .first))
            #expect(event.messages.isEmpty && event.event.state == .processed)
            #expect(event.event.note == "store/shipment/created is off for admins and customers")
        }
    }

    @Test(arguments: StorageBackend.available)
    func transientFailuresAreRetriedUntilSentAndNeverSentTwice(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let throttled = MoceanError(kind: .gatewayDown, message: "System error", gatewayStatus: 45)
            let outbox = try await OutboxHarness(
                storages, gateway: ScriptedGateway(script: [.refuse(throttled), .refuse(throttled)]))
            try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789"])
            _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            let sender = outbox.sender()
            _ = try await sender.configure(OutboxSettingsChange(retryBaseSeconds: 0.1, retryMaxSeconds: 1))
            try await outbox.running(sender) {
                try await outbox.waitUntil { $0.first?.state == .sent }
            }
            let row = try #require(try await outbox.messages().first)
            #expect(row.attempts == 3 && outbox.gateway.acceptedCount == 1)
            #expect(try await outbox.count("SELECT count(*) FROM message_attempts WHERE outcome = 'retry'") == 2)
            #expect(try await outbox.count("SELECT count(*) FROM message_attempts WHERE outcome = 'sent'") == 1)
            #expect(try await outbox.count("SELECT max(number) FROM message_attempts WHERE outcome = 'sent'") == 3)
            #expect(
                try await outbox.count(
                    "SELECT count(*) FROM message_attempts WHERE number = 1 AND response = 'System error' AND gateway_status = 45"
                ) == 1)
        }
    }

    @Test(arguments: StorageBackend.available)
    func aFinalFailureFailsOnceAndIsNotRetried(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let refused = MoceanError(kind: .authorization, message: "Authorization failed", gatewayStatus: 1)
            let outbox = try await OutboxHarness(storages, gateway: ScriptedGateway(fallback: .refuse(refused)))
            try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789"])
            _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            let sender = outbox.sender()
            try await outbox.running(sender) {
                try await outbox.waitUntil { $0.first?.state == .failed }
                try await outbox.waitUntilQuiet(sender)
            }
            let row = try #require(try await outbox.messages().first)
            #expect(row.attempts == 1 && row.gatewayResponse == "Authorization failed" && row.gatewayStatus == 1)
            #expect(outbox.gateway.sent.count == 1)
            #expect(row.state.seedStatus == "Fail")
        }
    }

    @Test(arguments: StorageBackend.available)
    func aLowBalanceHoldsTheQueueUntilItIsToppedUp(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let broke = MoceanError(kind: .insufficientBalance, message: "Insufficient balance", gatewayStatus: 2)
            let outbox = try await OutboxHarness(storages, gateway: ScriptedGateway(fallback: .refuse(broke)))
            outbox.gateway.setBalance("0.0000")
            try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789", "60134567890"])
            _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            let sender = outbox.sender(balanceCheckInterval: .milliseconds(200))
            try await outbox.running(sender) {
                try await outbox.waitUntil { rows in rows.allSatisfy { $0.gatewayResponse == "Insufficient balance" } }
                let held = try await sender.status(of: .first)
                #expect(held.paused && held.pausedReason?.contains("balance") == true)
                #expect(
                    try await outbox.messages().allSatisfy { $0.state == .queued && $0.attempts == 0 },
                    "rows stay queued")
                outbox.gateway.setFallback(.accept)
                outbox.gateway.setBalance("5.0000")
                try await outbox.waitUntil { $0.allSatisfy { $0.state == .sent } }
            }
            #expect(outbox.gateway.acceptedCount == 2)
        }
    }

    @Test(arguments: StorageBackend.available)
    func rowsLeftSendingByAStoppedServiceBecomeUnknownAndAreNotResent(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789"])
            _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            try await outbox.execute("UPDATE messages SET state = 'sending', attempts = 1")
            let recovering = outbox.sender()
            try await outbox.running(recovering) {
                try await outbox.waitUntil { $0.first?.state == .unknown }
                try await outbox.waitUntilQuiet(recovering)
            }
            #expect(outbox.gateway.sent.isEmpty, "never resent silently")
            let row = try #require(try await outbox.messages().first)
            #expect(row.reason == "the service stopped while sending; not resent, to avoid a duplicate SMS")
            let sender = outbox.sender()
            let outcomes = try await sender.retry(ids: [row.id!, 999], store: .first)
            #expect(outcomes.map(\.0) == [row.id!, 999] && outcomes.map(\.1) == [.queued, .notFound])
            try await outbox.running(sender) {
                try await outbox.waitUntil { $0.first?.state == .sent }
            }
            let attempts = try await outbox.messages().first?.attempts
            #expect(outbox.gateway.sent.count == 1 && attempts == 2)
        }
    }
}

extension JSONValue {
    /// The same payload with another `hash`.
    func replacing(hash: String) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object["hash"] = .string(hash)
        return .object(object)
    }
}

/// What became of SMS the gateway accepted, asked of its message-status endpoint; and throttling.
@Suite(.timeLimit(.minutes(1))) struct DeliveryAndThrottleTests {
    @Test func statusChecksSettleSentRowsAndKeepAskingAboutPendingOnes() async throws {
        let outbox = try await OutboxHarness()
        try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789", "60134567890"])
        _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
        try await outbox.processor.processWaiting()
        try await outbox.running(outbox.sender()) {
            try await outbox.waitUntil { $0.allSatisfy { $0.state == .sent } }
        }
        let rows = try await outbox.messages()
        try await outbox.execute("UPDATE messages SET next_status_check_at = created_at")
        outbox.gateway.setStatus(.delivered, for: try #require(rows[0].msgid))
        let checker = DeliveryStatusChecker(
            database: try #require(outbox.database), gateways: outbox.gateway, updates: outbox.updates,
            logger: .init(label: "test"),
            ratePerSecond: 1000)
        #expect(try await checker.checkDue(limit: 10) == 2)
        let checked = try await outbox.messages()
        #expect(checked[0].state == .delivered && checked[0].deliveredAt != nil)
        #expect(checked[1].state == .sent && checked[1].statusChecks == 1, "pending: asked again later")
        #expect(try #require(checked[1].nextStatusCheckAt) > Date())
        #expect(try await checker.checkDue(limit: 10) == 0, "nothing due until then")
    }

    @Test(arguments: StorageBackend.available)
    func aThrottledAnswerSlowsTheWholeSender(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let throttled = MoceanError(kind: .throttled, message: "Throttled", gatewayStatus: 32)
            let outbox = try await OutboxHarness(storages, gateway: ScriptedGateway(script: [.refuse(throttled)]))
            try await outbox.enableAdmins([.shipmentCreated], numbers: ["60123456789"])
            _ = try await outbox.ingest(OutboxHarness.shipmentCreated())
            try await outbox.processor.processWaiting()
            let sender = outbox.sender()
            _ = try await sender.configure(
                OutboxSettingsChange(ratePerSecond: 100, retryBaseSeconds: 0.1, retryMaxSeconds: 1))
            try await outbox.running(sender) {
                try await outbox.waitUntil { $0.first?.state == .sent }
                let status = try await sender.status(of: .first)
                #expect(
                    status.effectiveRatePerSecond < 100,
                    "slowed after the throttled answer: \(status.effectiveRatePerSecond)")
            }
        }
    }
}

/// Events arriving together share one transaction, and each caller is answered once it is committed.
@Suite struct IngestBatchingTests {
    @Test(arguments: StorageBackend.available)
    func aBurstIsStoredOnceEachDuplicatesIncluded(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let outbox = try await OutboxHarness(storages)
            let outcomes = try await withThrowingTaskGroup(of: EventStore.IngestOutcome.self) { group in
                for index in 0..<200 {
                    // Every event twice, concurrently: one is stored, the other is its duplicate.
                    let payload = OutboxHarness.shipmentCreated(hash: "burst-\(index % 100)", id: index % 100 + 1)
                    group.addTask { try await outbox.ingest(payload) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { !$0.duplicate }.count == 100)
            #expect(Set(outcomes.map(\.id)).count == 100, "a duplicate answers the first delivery's id")
            let stored = try await outbox.count("SELECT count(*) FROM events")
            #expect(stored == 100)
        }
    }
}
