import Foundation
import GRDB
import HTTPClient
import JSONRPC
import Testing

@testable import Notifier

/// `POST /webhooks/mocean/dlr/{secret}` over real HTTP, against rows the outbox sent.
@Suite struct DeliveryReportRouteTests {
    /// Stores a `sent` SMS row with `msgid` and returns its id.
    private func sentRow(_ front: HTTPFrontHarness, msgid: String) async throws -> Int64 {
        try await front.services.database.writer.write { db in
            let now = Date()
            var row = MessageRecord(
                id: nil, origin: .event, eventRef: nil, broadcastID: nil, audience: .customer,
                eventType: "store/order/created", eventID: "250", orderID: "250", sender: "MyShop", text: "Hi",
                recipientTyped: "60123456789", recipient: "60123456789", encoding: "GSM-7", parts: 1, state: .sent,
                reason: nil, attempts: 1, nextAttemptAt: nil, priority: 0, gatewayStatus: 0, gatewayResponse: "0",
                msgid: msgid, deliveredAt: nil, deliveryErrorCode: nil, statusChecks: 0,
                nextStatusCheckAt: now.addingTimeInterval(600), createdAt: now, updatedAt: now)
            try row.insert(db)
            return row.id ?? 0
        }
    }

    private func row(_ front: HTTPFrontHarness, _ id: Int64) async throws -> MessageRecord? {
        try await front.services.database.writer.read { db in try MessageRecord.fetchOne(db, key: id) }
    }

    private func report(
        _ front: HTTPFrontHarness, msgid: String, status: String, errorCode: String = "0", secret: String? = nil
    ) async throws -> HTTPResponse {
        let form =
            "mocean-from=MyShop&mocean-to=60123456789&mocean-msgid=\(msgid)&mocean-dlr-status=\(status)"
            + "&mocean-error-code=\(errorCode)"
        return try await front.request(
            .post, "/webhooks/mocean/dlr/\(secret ?? front.secrets.deliveryReportPath)",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
    }

    @Test(arguments: [("1", MessageState.delivered), ("2", .failed), ("3", .expired)])
    func eachStatusSettlesTheRowWithItsTimeAndErrorCode(status: String, state: MessageState) async throws {
        try await HTTPFrontHarness.with { front in
            let id = try await sentRow(front, msgid: "msg-\(status)")
            let answer = try await report(front, msgid: "msg-\(status)", status: status, errorCode: "42")
            #expect(answer.status == 200 && answer.json?["outcome"] == "applied", "\(answer.json ?? .null)")
            let saved = try #require(try await row(front, id))
            #expect(saved.state == state && saved.deliveryErrorCode == 42 && saved.nextStatusCheckAt == nil)
            #expect((saved.deliveredAt != nil) == (state == .delivered))
        }
    }

    @Test func aRepeatedOrLateReportNeverMovesASettledRowBackwards() async throws {
        try await HTTPFrontHarness.with { front in
            let id = try await sentRow(front, msgid: "msg-twice")
            #expect(try await report(front, msgid: "msg-twice", status: "1").json?["outcome"] == "applied")
            let again = try await report(front, msgid: "msg-twice", status: "1")
            #expect(again.status == 200 && again.json?["outcome"] == "unchanged")
            let late = try await report(front, msgid: "msg-twice", status: "2", errorCode: "7")
            #expect(late.status == 200 && late.json?["outcome"] == "unchanged" && late.json?["state"] == "delivered")
            let saved = try #require(try await row(front, id))
            #expect(saved.state == .delivered && saved.deliveryErrorCode == 0)
        }
    }

    @Test func anUnknownMessageIsAcknowledgedAndChangesNothing() async throws {
        try await HTTPFrontHarness.with { front in
            let id = try await sentRow(front, msgid: "msg-known")
            let answer = try await report(front, msgid: "msg-nobody-sent", status: "1")
            #expect(answer.status == 200 && answer.json?["outcome"] == "unknownMessage")
            #expect(try await row(front, id)?.state == .sent)
        }
    }

    @Test func messagesGetShowsTheRowWithItsAttemptsAndTheReportsErrorCode() async throws {
        try await HTTPFrontHarness.with { front in
            let id = try await sentRow(front, msgid: "msg-details")
            try await front.services.database.writer.write { db in
                var attempt = MessageAttemptRecord(
                    id: nil, messageID: id, number: 1, startedAt: Date(), finishedAt: Date(), outcome: "sent",
                    gatewayStatus: 0, response: "Message sent")
                try attempt.insert(db)
            }
            _ = try await report(front, msgid: "msg-details", status: "2", errorCode: "31")
            let call = Array(#"{"jsonrpc":"2.0","method":"messages.get","params":{"id":\#(id)},"id":1}"#.utf8)
            let answer = try await front.request(
                .post, "/rpc", headers: [("Content-Type", "application/json")], body: call)
            let result = try #require(answer.json?["result"], "\(answer.json ?? .null)")
            #expect(result["message"]?["state"] == "failed" && result["message"]?["deliveryErrorCode"] == 31)
            #expect(
                result["attempts"]?.arrayValue?.count == 1
                    && result["attempts"]?.arrayValue?.first?["outcome"] == "sent")
            let missing = Array(#"{"jsonrpc":"2.0","method":"messages.get","params":{"id":999},"id":1}"#.utf8)
            let none = try await front.request(
                .post, "/rpc", headers: [("Content-Type", "application/json")], body: missing)
            #expect(none.json?["error"]?["code"] == 1005)
        }
    }

    @Test func aWrongSecretOrABadFormIsRefusedAndChangesNothing() async throws {
        try await HTTPFrontHarness.with { front in
            let id = try await sentRow(front, msgid: "msg-guarded")
            let guessed = try await report(front, msgid: "msg-guarded", status: "1", secret: "0123456789abcdef")
            #expect(guessed.status == 404)
            let badStatus = try await report(front, msgid: "msg-guarded", status: "9")
            #expect(
                badStatus.status == 400
                    && badStatus.json?["error"]?["message"]?.stringValue?.contains("1 (delivered)") == true)
            let json = try await front.request(
                .post, "/webhooks/mocean/dlr/\(front.secrets.deliveryReportPath)",
                headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
            #expect(json.status == 415)
            #expect(try await row(front, id)?.state == .sent)
        }
    }
}
