import Foundation
import MoceanSandbox
import Testing

/// Events fired through the sandbox reach the hooks of their scope as BigCommerce sends them: the envelope,
/// the custom headers, Standard Webhooks' signature, the retries, and the deactivation of a failing hook.
@Suite(.timeLimit(.minutes(1))) struct WebhookDeliveryTests {
    static let token = [("X-Auth-Token", "sandbox-store-token"), ("Content-Type", "application/json")]

    /// The settings with webhook retries `scale` times BigCommerce's schedule.
    private static func configuration(retryScale: Double = 1.0 / 600) -> SandboxConfiguration {
        var configuration = Sandbox.configuration()
        configuration.store.webhookRetryScale = retryScale
        return configuration
    }

    private func register(
        _ sandbox: Sandbox, scope: String = "store/order/created", destination: String,
        headers: String = "null"
    ) async throws {
        let created = try await sandbox.request(
            "POST", "/stores/sandbox/v3/hooks", headers: Self.token,
            body: #"{"scope": "\#(scope)", "destination": "\#(destination)", "headers": \#(headers)}"#)
        #expect(created.status == 200)
    }

    private func webhookStats(_ sandbox: Sandbox) async throws -> TestJSON {
        try await sandbox.request("GET", "/sandbox/store/webhooks").json()
    }

    @Test func aCreatedOrderIsDeliveredSignedWithTheHooksHeaders() async throws {
        try await WebhookReceiver.run { receiver in
            try await Sandbox.run(Self.configuration()) { sandbox in
                try await register(
                    sandbox, destination: receiver.url(query: "shop=1"), headers: #"{"X-Secret": "shared"}"#)
                try await register(sandbox, scope: "store/order/updated", destination: receiver.url())
                let fired = try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"customerId": 7}"#)
                #expect(fired.status == 200)
                let answer = try fired.json()
                let orderId = try #require(answer["orderId"]?.numberValue)
                #expect(orderId >= 300, "past the catalogue's 200 orders from 100")
                #expect(answer["deliveries"] == 1, "only the hook of the scope")
                let hash = try #require(answer["hash"]?.stringValue)
                #expect(hash.count == 40 && hash.allSatisfy(\.isHexDigit))

                let request = try #require(try await receiver.requests(count: 1).first)
                #expect(request.headers["content-type"] == "application/json")
                #expect(request.headers["x-secret"] == "shared")
                #expect(request.headers["webhook-id"]?.isEmpty == false)
                let timestamp = try #require(request.headers["webhook-timestamp"].flatMap { Int($0) })
                #expect(abs(timestamp - Int(Date().timeIntervalSince1970)) < 60)
                #expect(request.isSigned(with: "sandbox-client-secret"))
                #expect(!request.isSigned(with: "another-secret"))
                let envelope = try request.json()
                #expect(envelope["scope"] == "store/order/created")
                #expect(envelope["data"] == ["type": "order", "id": .number(orderId)])
                #expect(envelope["hash"] == .string(hash))
                #expect(envelope["producer"] == "stores/sandbox")
                #expect(envelope["store_id"]?.stringValue?.allSatisfy(\.isNumber) == true)
                #expect(envelope["created_at"]?.numberValue ?? 0 > 1_600_000_000)
                #expect(envelope.count == 6)

                // The store serves the new order, of the customer asked for.
                let order = try await sandbox.request(
                    "GET", "/stores/sandbox/v2/orders/\(Int(orderId))", headers: Self.token)
                #expect(try order.json()["customer_id"] == 7)

                try await waitUntil { try await webhookStats(sandbox)["delivered"] == 1 }
                let stats = try await webhookStats(sandbox)
                #expect(stats["fired"] == 1 && stats["attempts"] == 1 && stats["failedAttempts"] == 0)
                #expect(stats["pending"] == 0 && stats["deactivated"] == 0)
                #expect(
                    stats["deliveries"]?[0] == [
                        "hookId": 1, "scope": "store/order/created", "hash": .string(hash),
                        "webhookId": .string(request.headers["webhook-id"] ?? ""), "destination": "/webhooks",
                        "attempt": 1, "status": 200, "error": nil,
                    ])
            }
        }
    }

    @Test func theFiringIsAnsweredWhileTheReceiverStillHoldsItsAnswer() async throws {
        try await WebhookReceiver.run { receiver in
            await receiver.log.holdAnswers()
            try await Sandbox.run(Self.configuration()) { sandbox in
                try await register(sandbox, destination: receiver.url())
                let fired = try await sandbox.request("POST", "/sandbox/store/orders")
                #expect(try fired.json()["deliveries"] == 1)
                _ = try await receiver.requests(count: 1)
                #expect(try await webhookStats(sandbox)["pending"] == 1, "delivered in the background")
                await receiver.log.release()
                try await waitUntil { try await webhookStats(sandbox)["delivered"] == 1 }
            }
        }
    }

    @Test func anyOfTheNineEventsFiresWithItsData() async throws {
        try await WebhookReceiver.run { receiver in
            try await Sandbox.run(Self.configuration()) { sandbox in
                try await register(sandbox, scope: "store/shipment/created", destination: receiver.url())
                let fired = try await sandbox.request(
                    "POST", "/sandbox/store/events",
                    body:
                        #"{"scope": "store/shipment/created", "data": {"type": "shipment", "id": 12, "orderId": 251}}"#)
                #expect(try fired.json()["deliveries"] == 1)
                #expect(try fired.json()["scope"] == "store/shipment/created")
                let request = try #require(try await receiver.requests(count: 1).first)
                let body = String(decoding: request.body, as: UTF8.self)
                #expect(body.contains(#""data":{"type":"shipment","id":12,"orderId":251}"#), "the data as given")
                #expect(try request.json()["hash"] == fired.json()["hash"])
                let again = try await sandbox.request(
                    "POST", "/sandbox/store/events",
                    body:
                        #"{"scope": "store/shipment/created", "data": {"type": "shipment", "id": 12, "orderId": 251}}"#)
                #expect(try again.json()["hash"] != fired.json()["hash"], "each event has a hash of its own")
                for refused in [
                    #"{"scope": "store/product/created", "data": {}}"#, #"{"scope": "store/order/created"}"#,
                    #"{"scope": "store/order/created", "data": 5}"#, "nope",
                ] {
                    let answer = try await sandbox.request("POST", "/sandbox/store/events", body: refused)
                    #expect(answer.status == 400, "\(refused)")
                }
                #expect(
                    try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"customerId": 999}"#).status
                        == 400)
                #expect(try await sandbox.request("GET", "/sandbox/store/orders").status == 405)
            }
        }
    }

    @Test func aFailedDeliveryIsRetriedWithTheSameWebhookId() async throws {
        try await WebhookReceiver.run(statuses: [500]) { receiver in
            try await Sandbox.run(Self.configuration(retryScale: 1.0 / 6000)) { sandbox in
                try await register(sandbox, destination: receiver.url())
                _ = try await sandbox.request("POST", "/sandbox/store/orders")
                let requests = try await receiver.requests(count: 2)
                #expect(requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"])
                #expect(requests[0].body == requests[1].body)
                #expect(requests.allSatisfy { $0.isSigned(with: "sandbox-client-secret") })
                try await waitUntil { try await webhookStats(sandbox)["delivered"] == 1 }
                let stats = try await webhookStats(sandbox)
                #expect(stats["attempts"] == 2 && stats["failedAttempts"] == 1 && stats["pending"] == 0)
                #expect(stats["deliveries"]?[0]?["status"] == 500)
                #expect(stats["deliveries"]?[1]?["attempt"] == 2)
            }
        }
    }

    @Test func aHookFailingToTheLastRetryIsDeactivated() async throws {
        try await WebhookReceiver.run(statuses: Array(repeating: 503, count: 12)) { receiver in
            try await Sandbox.run(Self.configuration(retryScale: 0.000_000_1)) { sandbox in
                try await register(sandbox, destination: receiver.url())
                _ = try await sandbox.request("POST", "/sandbox/store/orders")
                try await waitUntil { try await webhookStats(sandbox)["deactivated"] == 1 }
                let stats = try await webhookStats(sandbox)
                #expect(stats["attempts"] == 12, "the first try and BigCommerce's 11 retries")
                #expect(stats["failedAttempts"] == 12 && stats["delivered"] == 0 && stats["pending"] == 0)
                #expect(await receiver.log.received.count == 12)
                let hook = try await sandbox.request("GET", "/stores/sandbox/v3/hooks/1", headers: Self.token)
                #expect(try hook.json()["data"]?["is_active"] == false)
                let skipped = try await sandbox.request("POST", "/sandbox/store/orders")
                #expect(try skipped.json()["deliveries"] == 0, "an inactive hook gets nothing")

                // Re-enabled, it receives again (the receiver answers 200 from now on).
                _ = try await sandbox.request(
                    "PUT", "/stores/sandbox/v3/hooks/1", headers: Self.token, body: #"{"is_active": true}"#)
                let resumed = try await sandbox.request("POST", "/sandbox/store/orders")
                #expect(try resumed.json()["deliveries"] == 1)
                try await waitUntil { try await webhookStats(sandbox)["delivered"] == 1 }
            }
        }
    }

    @Test func anUnreachableHookCountsFailedAttemptsWithTheError() async throws {
        // Port 1: nothing listens there (a port freed by a listener could be taken by another test meanwhile).
        let closedPort = 1
        try await Sandbox.run(Self.configuration(retryScale: 1)) { sandbox in
            try await register(sandbox, destination: "http://127.0.0.1:\(closedPort)/hook?token=s3cret")
            let fired = try await sandbox.request("POST", "/sandbox/store/orders")
            #expect(try fired.json()["deliveries"] == 1, "the firing answers without waiting for the delivery")
            try await waitUntil { try await webhookStats(sandbox)["failedAttempts"] == 1 }
            let stats = try await webhookStats(sandbox)
            #expect(stats["pending"] == 1, "the retry is a minute away")
            #expect(stats["deliveries"]?[0]?["status"] == .null, "no answer came")
            #expect(stats["deliveries"]?[0]?["error"]?.stringValue?.isEmpty == false)
            #expect(stats["deliveries"]?[0]?["destination"] == "/hook")
        }
    }
}
