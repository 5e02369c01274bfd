import MoceanSandbox
import Testing

/// Balance, pricing, message status and authentication, over real HTTP on loopback.
@Suite(.timeLimit(.minutes(1))) struct GatewayEndpointTests {
    @Test func theBalanceAnswersAsTheReferenceShows() async throws {
        try await Sandbox.run { sandbox in
            let response = try await sandbox.get("/rest/2/account/balance")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(try response.json() == ["status": 0, "value": 6.4448])
            #expect(response.text == #"{"status":0,"value":6.4448}"#, "the value is a number with 4 decimals")
        }
    }

    @Test func pricingMatchesTheReferenceExampleExactly() async throws {
        try await Sandbox.run(Sandbox.configuration(currency: "MYR", price: 1)) { sandbox in
            let response = try await sandbox.get("/rest/2/account/pricing")
            #expect(response.status == 200)
            let reference =
                #"{"status":0,"destinations":[{"country":"Default","operator":"Default","mcc":"Default","#
                + #""mnc":"Default","price":1.0000,"currency":"MYR"},{"country":"Malaysia","operator":"Default","#
                + #""mcc":"502","mnc":"Default","price":1.0000,"currency":"MYR"}]}"#
            #expect(response.text == reference)
            #expect(try response.json() == TestJSON.parse(reference))
        }
    }

    @Test func pricingKeepsTheRowsOfTheMccAskedFor() async throws {
        try await Sandbox.run { sandbox in
            let malaysia = try await sandbox.get("/rest/2/account/pricing", [("mocean-mcc", "502")]).json()
            #expect(malaysia["destinations"]?.count == 1)
            #expect(malaysia["destinations"]?[0]?["country"] == "Malaysia")
            #expect(malaysia["destinations"]?[0]?["price"] == 0.05)
            #expect(malaysia["destinations"]?[0]?["currency"] == "EUR")
            let none = try await sandbox.get("/rest/2/account/pricing", [("mocean-mcc", "999")]).json()
            #expect(none == ["status": 0, "destinations": []])
        }
    }

    @Test func bothCredentialFormsAreAccepted() async throws {
        try await Sandbox.run { sandbox in
            let keySecret = try await sandbox.request(
                "GET",
                "/rest/2/account/balance?mocean-api-key=test-key&mocean-api-secret=test-secret&mocean-resp-format=json")
            #expect(keySecret.status == 200)
            let token = try await sandbox.request(
                "GET", "/rest/2/account/balance?mocean-resp-format=json",
                headers: [("Authorization", "Bearer test-token")])
            #expect(token.status == 200)
            #expect(try token.json() == ["status": 0, "value": 6.4448])
        }
    }

    @Test func aTokenAloneIsEnough() async throws {
        var configuration = Sandbox.configuration()
        configuration.credentials = .init(apiToken: "only-token")
        try await Sandbox.run(configuration) { sandbox in
            let token = try await sandbox.request(
                "GET", "/rest/2/account/balance?mocean-resp-format=json",
                headers: [("Authorization", "Bearer only-token")])
            #expect(token.status == 200)
            let keySecret = try await sandbox.get("/rest/2/account/balance")
            #expect(keySecret.status == 401, "no key and secret are configured, so none match")
        }
    }

    @Test(arguments: [
        ("mocean-resp-format=json", [(String, String)]()),
        ("mocean-api-key=test-key&mocean-api-secret=wrong&mocean-resp-format=json", []),
        ("mocean-api-key=test-key&mocean-resp-format=json", []),
        ("mocean-resp-format=json", [("Authorization", "Bearer wrong-token")]),
        ("mocean-resp-format=json", [("Authorization", "Basic test-token")]),
    ])
    func wrongOrMissingCredentialsAreRefused(query: String, headers: [(String, String)]) async throws {
        try await Sandbox.run { sandbox in
            for path in ["/rest/2/account/balance", "/rest/2/account/pricing", "/rest/2/report/message"] {
                let response = try await sandbox.request("GET", path + "?" + query, headers: headers)
                #expect(response.status == 401, "\(path)")
                #expect(try response.json() == ["status": 1, "err_msg": "Authorization failed"])
            }
            let send = try await sandbox.request(
                "POST", "/rest/2/sms?" + query, headers: headers,
                body: "mocean-from=Shop&mocean-to=60123456789&mocean-text=Hi")
            #expect(send.status == 401)
            #expect(try send.json() == ["status": 1, "err_msg": "Authorization failed"])
            #expect(try await sandbox.messages() == [])
        }
    }

    @Test func withoutAResponseFormatTheAnswerIsXML() async throws {
        try await Sandbox.run { sandbox in
            let refused = try await sandbox.request("GET", "/rest/2/account/balance")
            #expect(refused.status == 401)
            #expect(refused.headers["content-type"]?.hasPrefix("text/xml") == true)
            #expect(
                refused.text == #"<?xml version="1.0" encoding="UTF-8"?>"#
                    + "<result><status>1</status><err_msg>Authorization failed</err_msg></result>")
            #expect(throws: (any Error).self) { try refused.json() }
            let credentials = "mocean-api-key=test-key&mocean-api-secret=test-secret"
            let xml = try await sandbox.request("GET", "/rest/2/account/balance?" + credentials)
            #expect(xml.text.hasSuffix("<result><status>0</status><value>6.4448</value></result>"))
        }
    }

    @Test func theMessageStatusOfAnUnknownMessageIsNotFound() async throws {
        try await Sandbox.run { sandbox in
            let response = try await sandbox.get("/rest/2/report/message", [("mocean-msgid", "nope")])
            #expect(response.status == 200)
            #expect(response.text == #"{"status":0,"message_status":5,"msgid":"nope","credit_deducted":0.0000}"#)
            let missing = try await sandbox.get("/rest/2/report/message")
            #expect(missing.status == 400)
            #expect(try missing.json() == ["status": 34, "err_msg": "Unknown request"])
        }
    }

    @Test func unknownPathsAndWrongMethodsAreRefused() async throws {
        try await Sandbox.run { sandbox in
            let unknown = try await sandbox.request("GET", "/rest/2/nothing")
            #expect(unknown.status == 404)
            #expect(try unknown.json() == ["status": 34, "err_msg": "Unknown request"])
            let wrongMethod = try await sandbox.get("/rest/2/sms")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "POST")
            let postBalance = try await sandbox.request("POST", "/rest/2/account/balance", body: "")
            #expect(postBalance.status == 405)
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["requests"]?["unknown"] == 1)
        }
    }
}
