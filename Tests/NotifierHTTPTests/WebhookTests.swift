import Foundation
import HTTPClient
import JSONRPC
import Notifier
import Testing

@testable import NotifierHTTP

/// `POST /webhooks/bigcommerce` over real HTTP: verified, stored once, refused with nothing stored otherwise.
@Suite struct WebhookTests {
    @Test func aSignedWebhookIsStoredOnceHoweverOftenItComes() async throws {
        try await HTTPFrontHarness.with { front in
            let body = HTTPFrontHarness.webhookBody(hash: "dd70c0976e06b67aaf671e73f49dcb79230ebf9d")
            let headers = HTTPFrontHarness.signedHeaders(body)
            var statuses: [String] = []
            for _ in 0..<10 {
                let answer = try await front.request(.post, "/webhooks/bigcommerce", headers: headers, body: body)
                #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
                statuses.append(answer.json?["status"]?.stringValue ?? "?")
            }
            #expect(statuses == ["accepted"] + Array(repeating: "duplicate", count: 9))
            #expect(try await front.eventCount() == 1)
        }
    }

    @Test func everySignatureOfEveryHeaderLineIsTriedWhateverTheirOrder() async throws {
        try await HTTPFrontHarness.with { front in
            let body = HTTPFrontHarness.webhookBody(hash: "two-lines")
            let id = "msg_two_lines"
            let timestamp = Int(Date().timeIntervalSince1970)
            let good = try #require(
                HTTPFrontHarness.signedHeaders(body, id: id, timestamp: timestamp).last?.value)
            let bad = "v1," + Data(repeating: 7, count: 32).base64EncodedString()
            /// The delivery's headers with one `webhook-signature` line per signature text given.
            func headers(_ signatures: [String], id: String = id) -> [(name: String, value: String)] {
                [("Content-Type", "application/json"), ("webhook-id", id), ("webhook-timestamp", String(timestamp))]
                    + signatures.map { ("webhook-signature", $0) }
            }
            var statuses: [Int] = []
            // Two lines either way round, two signatures on a line, and two lines a proxy folded into one.
            for lines in [
                [bad, good], [good, bad], [bad, "v1,bm90 " + good], [good + ", " + bad], [bad + ", " + good],
            ] {
                let answer = try await front.request(
                    .post, "/webhooks/bigcommerce", headers: headers(lines), body: body)
                statuses.append(answer.status)
                #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
            }
            #expect(statuses == [200, 200, 200, 200, 200], "the order of the lines decides nothing")
            let onlyBad = try await front.request(
                .post, "/webhooks/bigcommerce", headers: headers([bad, bad]), body: body)
            #expect(onlyBad.status == 401 && onlyBad.json?["error"]?["code"] == "badSignature")
            let twoIDs = try await front.request(
                .post, "/webhooks/bigcommerce", headers: headers([good]) + [("webhook-id", "msg_other")], body: body)
            #expect(twoIDs.status == 401, "a repeated webhook-id is refused")
            #expect(twoIDs.json?["error"]?["message"]?.stringValue?.contains("webhook-id comes more than once") == true)
            #expect(try await front.eventCount() == 1)
        }
    }

    @Test func withAClientSecretTheSignatureIsRequiredEvenWithTheRightHeader() async throws {
        try await HTTPFrontHarness.with { front in
            let body = HTTPFrontHarness.webhookBody(hash: "header-with-secret")
            let headerOnly = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: [
                    ("Content-Type", "application/json"), ("X-Mocean-Notify-Secret", front.secrets.webhookHeader),
                ],
                body: body)
            #expect(headerOnly.status == 401 && headerOnly.json?["error"]?["code"] == "unsigned")
            let both = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: HTTPFrontHarness.signedHeaders(body) + [
                    ("X-Mocean-Notify-Secret", front.secrets.webhookHeader)
                ],
                body: body)
            #expect(both.status == 200)
            let wrongHeader = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: HTTPFrontHarness.signedHeaders(body) + [("X-Mocean-Notify-Secret", "guess")], body: body)
            #expect(wrongHeader.status == 401 && wrongHeader.json?["error"]?["code"] == "badSecretHeader")
        }
    }

    @Test func withoutAClientSecretTheSharedSecretHeaderAloneProvesARecentDelivery() async throws {
        let clock = ManualClock()
        try await HTTPFrontHarness.with(clock: clock.serviceClock) { front in
            _ = try await front.services.store.update(
                {
                    var update = StoreUpdate()
                    update.clientSecret = .clear
                    return update
                }(), of: .first)
            clock.advance(by: WebhookAuthenticator.settingsLifetime)  // past the settings it read
            let signedOnly = HTTPFrontHarness.webhookBody(hash: "signed-no-secret")
            let unverifiable = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(signedOnly), body: signedOnly)
            #expect(unverifiable.status == 401 && unverifiable.json?["error"]?["code"] == "cannotVerify")
            let stale = Array(
                #"{"scope":"store/order/created","store_id":"1","data":{"type":"order","id":9},"hash":"old","created_at":1561479335}"#
                    .utf8)
            let replay = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: [
                    ("Content-Type", "application/json"), ("X-Mocean-Notify-Secret", front.secrets.webhookHeader),
                ],
                body: stale)
            #expect(replay.status == 401 && replay.json?["error"]?["code"] == "stale")
            let body = HTTPFrontHarness.webhookBody(hash: "header-only-1")
            let right = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: [
                    ("Content-Type", "application/json"), ("X-Mocean-Notify-Secret", front.secrets.webhookHeader),
                ],
                body: body)
            #expect(right.status == 200 && right.json?["status"] == "accepted")
            let wrong = try await front.request(
                .post, "/webhooks/bigcommerce",
                headers: [("Content-Type", "application/json"), ("X-Mocean-Notify-Secret", "guess")],
                body: HTTPFrontHarness.webhookBody(hash: "header-only-2"))
            #expect(wrong.status == 401 && wrong.json?["error"]?["code"] == "badSecretHeader")
            #expect(try await front.eventCount() == 1)
        }
    }

    /// Each refusal: its status, its code, and nothing stored.
    @Test func forgedOldMalformedAndOversizeWebhooksAreRefusedWithNothingStored() async throws {
        let clock = ManualClock()
        try await HTTPFrontHarness.with(maximumBodyBytes: 4096, clock: clock.serviceClock) { front in
            let body = HTTPFrontHarness.webhookBody(hash: "refused-1")
            let now = Int(Date().timeIntervalSince1970)
            var cases: [(String, [(name: String, value: String)], [UInt8], Int, String)] = [
                (
                    "wrong secret", HTTPFrontHarness.signedHeaders(body, secret: "not-the-client-secret"), body, 401,
                    "badSignature"
                ),
                (
                    "old timestamp", HTTPFrontHarness.signedHeaders(body, timestamp: now - 301), body, 401,
                    "badSignature"
                ),
                (
                    "future timestamp", HTTPFrontHarness.signedHeaders(body, timestamp: now + 400), body, 401,
                    "badSignature"
                ),
                ("no proof", [("Content-Type", "application/json")], body, 401, "unsigned"),
                (
                    "signature of another body", HTTPFrontHarness.signedHeaders(Array("{}".utf8)), body, 401,
                    "badSignature"
                ),
                (
                    "wrong content type",
                    HTTPFrontHarness.signedHeaders(body).map {
                        $0.name == "Content-Type" ? ($0.name, "text/plain") : $0
                    }, body, 415, "unsupportedMediaType"
                ),
                ("not JSON", HTTPFrontHarness.signedHeaders(Array("x".utf8)), Array("x".utf8), 400, "badJSON"),
                (
                    "another store",
                    HTTPFrontHarness.signedHeaders(HTTPFrontHarness.webhookBody(hash: "r2", producer: "stores/zzz")),
                    HTTPFrontHarness.webhookBody(hash: "r2", producer: "stores/zzz"), 403, "storeNotServed"
                ),
            ]
            let oversize = Array(repeating: UInt8(ascii: " "), count: 5000) + body
            cases.append(("oversize", HTTPFrontHarness.signedHeaders(oversize), oversize, 413, "bodyTooLarge"))
            var missing = HTTPFrontHarness.signedHeaders(body)
            missing.removeAll { $0.name == "webhook-timestamp" }
            cases.append(("missing timestamp", missing, body, 401, "badSignature"))
            try await front.services.store.update(
                {
                    var update = StoreUpdate()
                    update.storeHash = .set("abc123")
                    return update
                }(), of: .first)
            clock.advance(by: WebhookAuthenticator.settingsLifetime)  // past the settings it read
            for (name, headers, sent, status, code) in cases {
                let answer = try await front.request(.post, "/webhooks/bigcommerce", headers: headers, body: sent)
                #expect(answer.status == status, "\(name): \(String(decoding: answer.body, as: UTF8.self))")
                #expect(answer.json?["error"]?["code"]?.stringValue == code, "\(name)")
                #expect(answer.json?["error"]?["message"]?.stringValue?.isEmpty == false, "\(name) says why")
            }
            #expect(try await front.eventCount() == 0)
        }
    }

    @Test func unknownPathsAndMethodsAnswerJSONThatSaysWhy() async throws {
        try await HTTPFrontHarness.with { front in
            let answer = try await front.request(.get, "/nowhere")
            #expect(answer.status == 404 && answer.json?["error"]?["code"] == "notFound")
            #expect(answer.header("content-type") == "application/json")
        }
    }
}
