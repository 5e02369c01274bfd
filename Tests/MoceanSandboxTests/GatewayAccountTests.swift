import MoceanSandbox
import Testing

/// `/sandbox/accounts`: gateway accounts beside the configured one, and the key each recorded message names.
@Suite(.timeLimit(.minutes(1))) struct GatewayAccountTests {
    /// `POST /rest/2/sms` to one receiver with `credentials` as form fields and `headers`.
    private func send(
        _ sandbox: Sandbox, text: String, credentials: [(String, String)], headers: [(String, String)] = []
    ) async throws -> HTTPTestConnection.Response {
        try await sandbox.request(
            "POST", "/rest/2/sms", headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
            body: encodeForm(
                credentials + [
                    ("mocean-resp-format", "json"), ("mocean-from", "Shop"), ("mocean-to", "60123456789"),
                    ("mocean-text", text),
                ]))
    }

    @Test func eachRecordedMessageNamesTheAccountThatSentIt() async throws {
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 60_000)) { sandbox in
            let added = try await sandbox.request(
                "POST", "/sandbox/accounts", body: #"{"apiKey": "second-key", "apiSecret": "second-s3cret"}"#)
            #expect(try added.json() == ["apiKey": "second-key", "added": true])
            let renewed = try await sandbox.request(
                "POST", "/sandbox/accounts", body: #"{"apiKey": "second-key", "apiSecret": "second-secret"}"#)
            #expect(try renewed.json()["added"] == false)

            let second = [("mocean-api-key", "second-key"), ("mocean-api-secret", "second-secret")]
            #expect(try await send(sandbox, text: "from the second", credentials: second).status == 202)
            let stale = [("mocean-api-key", "second-key"), ("mocean-api-secret", "second-s3cret")]
            let refused = try await send(sandbox, text: "stale secret", credentials: stale)
            #expect(try refused.json()["status"] == 1, "the renewed secret replaced the first")
            let crossed = [("mocean-api-key", "second-key"), ("mocean-api-secret", Sandbox.apiSecret)]
            #expect(try await send(sandbox, text: "crossed", credentials: crossed).json()["status"] == 1)
            let configured = [("mocean-api-key", Sandbox.apiKey), ("mocean-api-secret", Sandbox.apiSecret)]
            #expect(try await send(sandbox, text: "from the first", credentials: configured).status == 202)
            let bearer = try await send(
                sandbox, text: "with the token", credentials: [], headers: [("Authorization", "Bearer test-token")])
            #expect(bearer.status == 202)

            let messages = try await sandbox.messages()
            #expect(messages.count == 3)
            #expect(messages[0]?["text"] == "from the second" && messages[0]?["apiKey"] == "second-key")
            #expect(messages[1]?["text"] == "from the first" && messages[1]?["apiKey"] == .string(Sandbox.apiKey))
            #expect(messages[2]?["apiKey"] == .null && messages[2]?["auth"] == "token")
            #expect(try await sandbox.balance() == 6.2948, "one shared balance")

            let listed = try await sandbox.request("GET", "/sandbox/accounts")
            #expect(
                try listed.json() == [
                    "accounts": [
                        ["apiKey": .string(Sandbox.apiKey), "configured": true],
                        ["apiKey": "second-key", "configured": false],
                    ]
                ])
            #expect(!listed.text.contains("secret"), "\(listed.text)")
        }
    }

    @Test(arguments: [
        (#"{"apiSecret": "s"}"#, "apiKey"), (#"{"apiKey": "k"}"#, "apiSecret"),
        (#"{"apiKey": "", "apiSecret": "s"}"#, "apiKey"),
        (#"{"apiKey": "k", "apiSecret": 5}"#, "apiSecret"), (#"{"apiKey": "k", "apiSecret": "s", "x": 1}"#, "x"),
        (#"{"apiKey": "test-key", "apiSecret": "s"}"#, "apiKey"), ("nope", "body"),
    ])
    func badAccountsAreRefusedNamingTheField(body: String, field: String) async throws {
        try await Sandbox.run { sandbox in
            let refused = try await sandbox.request("POST", "/sandbox/accounts", body: body)
            #expect(refused.status == 400)
            #expect(try refused.json()["field"] == .string(field), "\(refused.text)")
            #expect(try await sandbox.request("GET", "/sandbox/accounts").json()["accounts"]?.count == 1)
        }
    }
}
