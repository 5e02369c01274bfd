import Foundation
import Logging
import MoceanAPI
import Notifier
import TestSupport
import Testing

/// Delivery reports and status checks over each backend: a report settles a `sent` row found by its gateway
/// id and never moves a settled one; a status check asks only about due rows, settles what the gateway knows and
/// asks again later about what it does not.
@Suite(.timeLimit(.minutes(2))) struct DeliveryStorageTests {
    /// Rows of `store` the gateway accepted a minute ago, with the gateway ids `msgids`, their status check due.
    static func sent(_ msgids: [String], store: Int = 1, _ storages: StorageBackend.Storages) async throws {
        let minuteAgo = Date().addingTimeInterval(-60).formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true).dateTimeSeparator(.space))
        let rows = msgids.enumerated().map { index, msgid in
            """
            (\(store), 'event', 'store/order/created', 'Order \(msgid)', '60\(store)2345\(String(format: "%04d", index))',
             'GSM-7', 1, 'sent', 1, '\(msgid)', 0, '2020-01-01 00:00:00.000', '\(minuteAgo)', '\(minuteAgo)')
            """
        }
        try await storages.execute(
            """
            INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state, attempts, msgid,
                priority, next_status_check_at, created_at, updated_at)
            VALUES \(rows.joined(separator: ", "))
            """)
    }

    @Test(arguments: StorageBackend.available)
    func aReportSettlesItsSentRowOnceAndNeverMovesASettledOne(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.sent(["m-1", "m-2"], storages)
            let reports = DeliveryReports(storage: storages.delivery, updates: MessageUpdates())
            let first = try await reports.apply(DeliveryReport(messageID: "m-1", status: .failed, errorCode: 7))
            guard case .applied(let id, .failed) = first else {
                Issue.record("the report was not applied: \(first)")
                return
            }
            let late = try await reports.apply(DeliveryReport(messageID: "m-1", status: .delivered))
            #expect(late == .unchanged(rowID: id, state: .failed), "a settled row never moves")
            let rows = try await storages.messages()
            #expect(rows.first { $0.msgid == "m-1" }?.deliveryErrorCode == 7)
            #expect(rows.first { $0.msgid == "m-2" }?.state == .sent, "only the reported row changed")
            let started = ContinuousClock.now
            #expect(try await reports.apply(DeliveryReport(messageID: "nobody", status: .delivered)) == .unknownMessage)
            #expect(ContinuousClock.now - started >= DeliveryReports.earlyReportGrace, "an early report waits")
        }
    }

    @Test(arguments: StorageBackend.available)
    func statusChecksSettleWhatTheGatewayKnowsAndAskAgainLater(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.sent(["k-1", "k-2"], storages)
            try await Self.sent(["k-3"], store: 2, storages)
            let gateway = ScriptedGateway()
            gateway.setStatus(.delivered, for: "k-1")
            gateway.setStatus(.delivered, for: "k-3")
            let checker = DeliveryStatusChecker(
                storage: storages.delivery, gateways: gateway, updates: MessageUpdates(),
                logger: Logger(label: "test"), ratePerSecond: 1000)
            #expect(try await checker.checkDue(limit: 10) == 3)
            let rows = try await storages.messages()
            #expect(rows.first { $0.msgid == "k-1" }?.state == .delivered)
            #expect(rows.first { $0.msgid == "k-3" }?.state == .delivered, "each store's rows through its account")
            let unsure = try #require(rows.first { $0.msgid == "k-2" })
            #expect(unsure.state == .sent && unsure.statusChecks == 1)
            #expect((unsure.nextStatusCheckAt ?? .distantPast) > Date(), "asked again later")
            #expect(try await checker.checkDue(limit: 10) == 0, "nothing else is due")
            #expect(gateway.statusQuestions == 3)
        }
    }
}
