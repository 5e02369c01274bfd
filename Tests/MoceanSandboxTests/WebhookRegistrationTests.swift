import MoceanSandbox
import Testing

/// The store's webhook registrations at `/stores/{hash}/v3/hooks`, over real HTTP: create, list, show,
/// update, delete, and the 422s that name the field.
@Suite(.timeLimit(.minutes(1))) struct WebhookRegistrationTests {
    static let token = [("X-Auth-Token", "sandbox-store-token"), ("Content-Type", "application/json")]
    static let hooks = "/stores/sandbox/v3/hooks"

    private func create(_ sandbox: Sandbox, _ body: String) async throws -> HTTPTestConnection.Response {
        try await sandbox.request("POST", Self.hooks, headers: Self.token, body: body)
    }

    @Test func aHookIsCreatedListedShownUpdatedAndDeleted() async throws {
        try await Sandbox.run { sandbox in
            let created = try await create(
                sandbox,
                #"{"scope": "store/order/created", "destination": "https://example.com/webhooks", "is_active": true, "#
                    + #""headers": {"X-Secret": "s1"}}"#)
            #expect(created.status == 200)
            #expect(created.headers["x-rate-limit-requests-quota"] != nil, "through the store's gate")
            let data = try #require(try created.json()["data"])
            #expect(try created.json()["meta"] == [:])
            #expect(data["id"] == 1)
            #expect(data["client_id"]?.stringValue?.isEmpty == false)
            #expect(data["store_hash"] == "sandbox")
            #expect(data["scope"] == "store/order/created")
            #expect(data["destination"] == "https://example.com/webhooks")
            #expect(data["is_active"] == true)
            #expect(data["headers"] == ["X-Secret": "s1"])
            #expect(data["created_at"]?.numberValue ?? 0 > 1_600_000_000)
            #expect(data["updated_at"] == data["created_at"])

            let local = try await create(
                sandbox, #"{"scope": "store/shipment/created", "destination": "http://127.0.0.1:9/hooks"}"#)
            #expect(try local.json()["data"]?["is_active"] == true, "active unless told otherwise")
            #expect(try local.json()["data"]?["headers"] == [:])

            let listed = try await sandbox.request("GET", Self.hooks, headers: Self.token).json()
            #expect(listed["data"]?.count == 2)
            #expect(listed["data"]?[1]?["scope"] == "store/shipment/created")
            #expect(listed["meta"] == [:])

            let updated = try await sandbox.request(
                "PUT", Self.hooks + "/1", headers: Self.token, body: #"{"is_active": false, "headers": null}"#)
            #expect(try updated.json()["data"]?["is_active"] == false)
            #expect(try updated.json()["data"]?["headers"] == [:])
            #expect(try updated.json()["data"]?["destination"] == "https://example.com/webhooks")
            let reenabled = try await sandbox.request(
                "PUT", Self.hooks + "/1", headers: Self.token, body: #"{"is_active": true}"#)
            #expect(try reenabled.json()["data"]?["is_active"] == true)
            #expect(
                try await sandbox.request("GET", Self.hooks + "/1", headers: Self.token).json()["data"]?["is_active"]
                    == true)

            let deleted = try await sandbox.request("DELETE", Self.hooks + "/1", headers: Self.token)
            #expect(try deleted.json()["data"]?["id"] == 1)
            for method in ["GET", "PUT", "DELETE"] {
                let gone = try await sandbox.request(method, Self.hooks + "/1", headers: Self.token, body: "{}")
                #expect(gone.status == 404, "\(method)")
            }
            #expect(try await sandbox.request("GET", Self.hooks, headers: Self.token).json()["data"]?.count == 1)
        }
    }

    @Test(arguments: [
        (#"{"destination": "https://example.com/h"}"#, "scope"),
        (#"{"scope": "store/order/created"}"#, "destination"),
        (#"{"scope": "store/order/*", "destination": "https://example.com/h"}"#, "scope"),
        (#"{"scope": "store/product/created", "destination": "https://example.com/h"}"#, "scope"),
        (#"{"scope": "store/order/created", "destination": "http://example.com/h"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://example.com:8443/h"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "ftp://127.0.0.1/h"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://u:p@example.com/h"}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": 5}"#, "destination"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/h", "is_active": 1}"#, "is_active"),
        (#"{"scope": "store/order/created", "destination": "https://example.com/h", "headers": []}"#, "headers"),
        (
            #"{"scope": "store/order/created", "destination": "https://example.com/h", "headers": {"X-A": 1}}"#,
            "headers.X-A"
        ),
        (
            #"{"scope": "store/order/created", "destination": "https://example.com/h", "headers": {"X-A": "a\r\nB: c"}}"#,
            "headers.X-A"
        ),
        (
            #"{"scope": "store/order/created", "destination": "https://example.com/h", "headers": {"webhook-id": "x"}}"#,
            "headers.webhook-id"
        ),
        ("not json", "body"),
        ("[]", "body"),
    ])
    func badInputIsRefusedNamingTheField(body: String, field: String) async throws {
        try await Sandbox.run { sandbox in
            let refused = try await create(sandbox, body)
            #expect(refused.status == 422)
            let error = try refused.json()
            #expect(error["status"] == 422)
            #expect(error["title"]?.stringValue?.isEmpty == false)
            #expect(error["errors"]?[field]?.stringValue?.isEmpty == false, "\(error)")
            #expect(try await sandbox.request("GET", Self.hooks, headers: Self.token).json()["data"] == [])
        }
    }

    @Test func oneHookPerScopeAndDestination() async throws {
        try await Sandbox.run { sandbox in
            let body = #"{"scope": "store/order/created", "destination": "https://example.com/h"}"#
            #expect(try await create(sandbox, body).status == 200)
            let again = try await create(sandbox, body)
            #expect(again.status == 422)
            #expect(try again.json()["errors"]?["destination"]?.stringValue?.contains("hook 1") == true)
            let otherScope = try await create(
                sandbox, #"{"scope": "store/order/updated", "destination": "https://example.com/h"}"#)
            #expect(otherScope.status == 200)
            let clash = try await sandbox.request(
                "PUT", Self.hooks + "/2", headers: Self.token, body: #"{"scope": "store/order/created"}"#)
            #expect(clash.status == 422, "an update may not repeat another hook either")
            let badUpdate = try await sandbox.request(
                "PUT", Self.hooks + "/2", headers: Self.token, body: #"{"destination": "http://example.com/h"}"#)
            #expect(try badUpdate.json()["errors"]?["destination"] != nil)
        }
    }

    @Test func hooksPassTheStoresGate() async throws {
        try await Sandbox.run { sandbox in
            #expect(try await sandbox.request("GET", Self.hooks).status == 401)
            #expect(try await sandbox.request("GET", "/stores/other/v3/hooks", headers: Self.token).status == 404)
            _ = try await sandbox.request("POST", "/sandbox/store/faults", body: #"{"count": 1, "status": 429}"#)
            #expect(try await sandbox.request("GET", Self.hooks, headers: Self.token).status == 429)
            #expect(try await sandbox.request("PATCH", Self.hooks, headers: Self.token, body: "{}").status == 404)
            #expect(try await sandbox.request("GET", "/sandbox/store/stats").json()["requests"] == 4)
        }
    }
}
