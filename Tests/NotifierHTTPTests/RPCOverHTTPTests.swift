import Foundation
import HTTPClient
import JSONRPC
import Notifier
import Testing

/// `/rpc`, `/healthz` and `/metrics` over real HTTP.
@Suite struct RPCOverHTTPTests {
    static let token = "http-front-token-0123456789"

    @Test func aTokenIsRequiredAsABearerAndRequestsAndBatchesAreAnswered() async throws {
        try await HTTPFrontHarness.with(token: Self.token) { front in
            let ping = Array(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"#.utf8)
            let json = ("Content-Type", "application/json")
            let anonymous = try await front.request(.post, "/rpc", headers: [json], body: ping)
            #expect(anonymous.status == 401 && anonymous.header("www-authenticate") == "Bearer")
            let wrong = try await front.request(
                .post, "/rpc", headers: [json, ("Authorization", "Bearer wrong-token")], body: ping)
            #expect(wrong.status == 401)
            let bearer = ("Authorization", "Bearer \(Self.token)")
            let answer = try await front.request(.post, "/rpc", headers: [json, bearer], body: ping)
            #expect(answer.status == 200 && answer.json?["id"] == 1 && answer.json?["result"] != nil)
            let batch = Array(
                #"[{"jsonrpc":"2.0","method":"system.ping","id":1},{"jsonrpc":"2.0","method":"nope","id":2}]"#.utf8)
            let answers = try await front.request(.post, "/rpc", headers: [json, bearer], body: batch)
            #expect(answers.json?.arrayValue?.count == 2)
            let notification = Array(#"{"jsonrpc":"2.0","method":"system.ping"}"#.utf8)
            let none = try await front.request(.post, "/rpc", headers: [json, bearer], body: notification)
            #expect(none.status == 204 && none.body.isEmpty)
            let broken = try await front.request(.post, "/rpc", headers: [json, bearer], body: Array("{".utf8))
            #expect(broken.json?["error"]?["code"] == -32700)
        }
    }

    @Test func withoutATokenOnlyRequestsAddressedToThisMachineAreAnswered() async throws {
        try await HTTPFrontHarness.with { front in
            let ping = Array(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"#.utf8)
            let json = ("Content-Type", "application/json")
            let local = try await front.request(.post, "/rpc", headers: [json], body: ping)
            #expect(local.status == 200 && local.json?["result"] != nil)
            let rebound = try await front.request(
                .post, "/rpc", headers: [json, ("Host", "attacker.example:\(front.port)")], body: ping)
            #expect(rebound.status == 403 && rebound.json?["error"]?["code"] == "notLoopback")
            let simple = try await front.request(.post, "/rpc", headers: [("Content-Type", "text/plain")], body: ping)
            #expect(simple.status == 415, "a cross-origin form post cannot reach it")
        }
    }

    @Test func healthSaysWhatFailsAndMetricsAreInPrometheusText() async throws {
        try await HTTPFrontHarness.with { front in
            let health = try await front.request(.get, "/healthz")
            #expect(health.status == 503, "no account configured")
            #expect(health.json?["database"]?["ok"] == true && health.json?["sender"]?["ok"] == true)
            #expect(health.json?["gateway"]?["ok"] == false)
            #expect(health.json?["reasons"]?.arrayValue?.first?.stringValue?.hasPrefix("gateway:") == true)
            // Ready all the same: webhooks keep coming through a gateway outage, and wait as rows.
            let ready = try await front.request(.get, "/readyz")
            #expect(ready.status == 200 && ready.json?["status"] == "ready", "\(ready.json ?? .null)")
            #expect(ready.json?["gateway"] == nil)
            let live = try await front.request(.get, "/livez")
            #expect(live.status == 200 && live.json?["status"] == "alive")
            // A store whose balance was seen below its alert: 1 until it is seen above.
            _ = try await front.services.balanceWatch.configure(
                try LowBalanceThreshold(below: JSONNumber(5), currency: nil), of: .first)
            await front.services.balanceWatch.observe(Balance(value: JSONNumber(2), currency: "EUR"), of: .first)
            let body = HTTPFrontHarness.webhookBody(hash: "metrics-1")
            _ = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(body), body: body)
            _ = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(body), body: body)
            let metrics = try await front.request(.get, "/metrics")
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(metrics.status == 200 && metrics.header("content-type")?.hasPrefix("text/plain") == true)
            for line in [
                #"mocean_notify_webhooks_total{outcome="accepted"} 1"#,
                #"mocean_notify_webhooks_total{outcome="duplicate"} 1"#,
                #"mocean_notify_events_received_total{outcome="accepted"} 1"#,
                #"mocean_notify_sms{state="queued"}"#, "mocean_notify_outbox_queue_depth",
                "mocean_notify_outbox_oldest_queued_age_seconds", #"mocean_notify_low_balance{store="1"} 1"#,
                #"mocean_notify_store_balance{store="1"} 2"#,
            ] {
                #expect(text.contains(line), "\(line) in:\n\(text)")
            }
            #expect(!text.contains(front.secrets.webhookHeader) && !text.contains(HTTPFrontHarness.clientSecret))
        }
    }
}
