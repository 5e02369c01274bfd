import Foundation
import MoceanSandbox
import Testing

/// `POST /rest/2/sms`: answers, validation, charging and recording, over real HTTP on loopback.
@Suite(.timeLimit(.minutes(1))) struct SendTests {
    /// Whether `msgid` looks like `CPASS_restapi_C0000002737000000.0001`.
    static func hasMoceansShape(_ msgid: String) -> Bool {
        msgid.wholeMatch(of: /CPASS_restapi_C\d{16}\.\d{4}/) != nil
    }

    @Test func aSendToOneReceiverIsAcceptedChargedAndRecorded() async throws {
        // Delivery comes long after the test ends: the status stays pending, and shutting down drops the wait.
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 60_000)) { sandbox in
            let response = try await sandbox.sendSMS([
                ("mocean-from", "MyShop"), ("mocean-to", "60123456789"), ("mocean-text", "Your order shipped"),
            ])
            #expect(response.status == 202)
            let answer = try response.json()
            let msgid = try #require(answer["messages"]?[0]?["msgid"]?.stringValue)
            #expect(Self.hasMoceansShape(msgid), "\(msgid)")
            #expect(answer == ["messages": [["status": 0, "receiver": "60123456789", "msgid": .string(msgid)]]])
            #expect(try await sandbox.balance() == 6.3948)
            let recorded = try await sandbox.messages()
            #expect(recorded.count == 1)
            #expect(recorded[0]?["msgid"]?.stringValue == msgid)
            #expect(recorded[0]?["text"] == "Your order shipped")
            #expect(recorded[0]?["auth"] == "keySecret")
            #expect(recorded[0]?["parts"] == 1)
            #expect(recorded[0]?["cost"] == 0.05)
            let report = try await sandbox.get("/rest/2/report/message", [("mocean-msgid", msgid)])
            #expect(
                try report.json() == [
                    "status": 0, "message_status": 4, "msgid": .string(msgid), "credit_deducted": 0.05,
                ])
            #expect(report.text.hasSuffix(#""credit_deducted":0.0500}"#))
        }
    }

    @Test func eachReceiverGetsItsOwnElementAndAnInvalidOneIsNotCharged() async throws {
        try await Sandbox.run { sandbox in
            let response = try await sandbox.sendSMS([
                ("mocean-from", "60123456789"), ("mocean-to", "60111111111,+60122222222, 60133333333,012345678,123"),
                ("mocean-text", "Sale!"),
            ])
            #expect(response.status == 202)
            let messages = try #require(try response.json()["messages"])
            #expect(messages.count == 5)
            let invalid: TestJSON = ["status": 28, "receiver": "+60122222222", "err_msg": "Invalid destination"]
            #expect(messages[1] == invalid)
            #expect(messages[3]?["receiver"] == "012345678" && messages[3]?["status"] == 28)
            #expect(messages[4]?["receiver"] == "123" && messages[4]?["err_msg"] == "Invalid destination")
            #expect(messages[0]?["status"] == 0 && messages[2]?["status"] == 0)
            #expect(messages[2]?["receiver"] == "60133333333")
            let first = try #require(messages[0]?["msgid"]?.stringValue)
            let second = try #require(messages[2]?["msgid"]?.stringValue)
            #expect(first != second)
            #expect(try await sandbox.balance() == 6.3448, "two valid receivers, one part each")
            let recorded = try await sandbox.messages()
            #expect(recorded.count == 2)
            #expect(recorded[1]?["receiver"] == "60133333333")

            let again = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60111111111"), ("mocean-text", "Again"),
            ]).json()
            let third = try #require(again["messages"]?[0]?["msgid"]?.stringValue)
            #expect(![first, second].contains(third), "msgids stay unique across sends")
        }
    }

    /// Sends that break one rule each, with the status and text they get.
    static let invalidSends: [([(String, String)], Int, String)] = {
        let text = ("mocean-text", "Hi")
        let receiver = ("mocean-to", "60123456789")
        let hundredAndOne = (0...100).map { "6012345\($0 + 1000)" }.joined(separator: ",")
        return [
            ([receiver, text], 37, "Invalid sender length"),
            ([("mocean-from", ""), receiver, text], 37, "Invalid sender length"),
            ([("mocean-from", "TwelveLetter"), receiver, text], 37, "Invalid sender length"),
            ([("mocean-from", "1234567890123456"), receiver, text], 37, "Invalid sender length"),
            ([("mocean-from", "Shop"), text], 6, "No destination"),
            ([("mocean-from", "Shop"), ("mocean-to", " , "), text], 6, "No destination"),
            ([("mocean-from", "Shop"), receiver], 23, "Empty text"),
            ([("mocean-from", "Shop"), receiver, ("mocean-text", "")], 23, "Empty text"),
            ([("mocean-from", "Shop"), ("mocean-to", hundredAndOne), text], 27, "Too many receivers"),
            ([("mocean-from", "Shop"), receiver, text, ("mocean-coding", "9")], 19, "Invalid charset or body"),
        ]
    }()

    @Test(arguments: invalidSends)
    func anInvalidSendIsRefusedWithItsStatus(fields: [(String, String)], status: Int, text: String) async throws {
        try await Sandbox.run { sandbox in
            let response = try await sandbox.sendSMS(fields)
            #expect(response.status == 400)
            #expect(try response.json() == ["status": .number(Double(status)), "err_msg": .string(text)])
            #expect(try await sandbox.messages() == [])
            #expect(try await sandbox.balance() == 6.4448)
        }
    }

    @Test func sendersUpToTheirLimitsAndAHundredReceiversAreAccepted() async throws {
        try await Sandbox.run(Sandbox.configuration(balance: 100)) { sandbox in
            for sender in ["ElevenChars", "123456789012345"] {
                let response = try await sandbox.sendSMS([
                    ("mocean-from", sender), ("mocean-to", "60123456789"), ("mocean-text", "Hi"),
                ])
                #expect(response.status == 202, "\(sender)")
            }
            let hundred = (0..<100).map { "6012345\($0 + 1000)" }.joined(separator: ",")
            let response = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", hundred), ("mocean-text", "Hi"),
            ])
            #expect(response.status == 202)
            #expect(try response.json()["messages"]?.count == 100)
        }
    }

    @Test(
        arguments: [
            (String(repeating: "a", count: 160), nil, 1, "GSM-7"),
            (String(repeating: "a", count: 161), nil, 2, "GSM-7"),
            (String(repeating: "€", count: 80), nil, 1, "GSM-7"),
            (String(repeating: "€", count: 81), nil, 2, "GSM-7"),
            (String(repeating: "[", count: 80) + "a", nil, 2, "GSM-7"),
            (String(repeating: "ł", count: 70), nil, 1, "UCS-2"),
            (String(repeating: "ł", count: 71), nil, 2, "UCS-2"),
            ("Zamówienie wysłane " + String(repeating: "x", count: 120), nil, 3, "UCS-2"),
            (String(repeating: "a", count: 70), "3", 1, "UCS-2"),
            (String(repeating: "a", count: 71), "3", 2, "UCS-2"),
            (String(repeating: "a", count: 135), "3", 3, "UCS-2"),
        ] as [(String, String?, Int, String)])
    func partsAreCountedAndCharged(text: String, coding: String?, parts: Int, encoding: String) async throws {
        try await Sandbox.run { sandbox in
            var fields = [("mocean-from", "Shop"), ("mocean-to", "60123456789,60123456780"), ("mocean-text", text)]
            if let coding { fields.append(("mocean-coding", coding)) }
            let response = try await sandbox.sendSMS(fields)
            #expect(response.status == 202)
            let recorded = try await sandbox.messages()
            #expect(recorded[0]?["parts"] == .number(Double(parts)))
            #expect(recorded[0]?["encoding"] == .string(encoding))
            #expect(recorded[0]?["cost"] == .number(Double(500 * parts) / 10_000))
            let expected = (64448 - 500 * parts * 2)
            #expect(try await sandbox.balance() == Double(expected) / 10_000)
        }
    }

    @Test func aSendTheBalanceCannotCoverRecordsNothing() async throws {
        try await Sandbox.run(Sandbox.configuration(balance: 0.1)) { sandbox in
            let refused = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60111111111,60122222222,60133333333"), ("mocean-text", "Hi"),
            ])
            #expect(refused.status == 400)
            #expect(try refused.json() == ["status": 2, "err_msg": "Insufficient balance"])
            #expect(try await sandbox.messages() == [])
            #expect(try await sandbox.balance() == 0.1)
            let covered = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60111111111,60122222222"), ("mocean-text", "Hi"),
            ])
            #expect(covered.status == 202, "exactly the balance is enough")
            #expect(try await sandbox.balance() == 0)
        }
    }

    @Test func plusAndPercentEscapesAreDecodedAndTheQueryStringWorksToo() async throws {
        try await Sandbox.run { sandbox in
            let body = "mocean-from=My+Shop&mocean-to=60123456789&mocean-text=Hello+world%21+%E2%82%AC+50%25+a%2Bb"
            let response = try await sandbox.request(
                "POST", "/rest/2/sms?mocean-api-key=test-key&mocean-api-secret=test-secret&mocean-resp-format=json",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
            #expect(response.status == 202)
            let everythingInTheQuery = try await sandbox.request(
                "POST",
                "/rest/2/sms?"
                    + encodeForm(
                        Sandbox.credentials() + [
                            ("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", "Query"),
                        ]), body: "")
            #expect(everythingInTheQuery.status == 202)
            let recorded = try await sandbox.messages()
            #expect(recorded[0]?["sender"] == "My Shop")
            #expect(recorded[0]?["text"] == "Hello world! € 50% a+b")
            #expect(recorded[1]?["text"] == "Query")
        }
    }

    @Test func everyParameterIsRecorded() async throws {
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 60_000)) { sandbox in
            let response = try await sandbox.request(
                "POST", "/rest/2/sms", headers: [("Authorization", "Bearer test-token")],
                body: encodeForm([
                    ("mocean-resp-format", "json"), ("mocean-from", "Shop"), ("mocean-to", "60123456789"),
                    ("mocean-text", "Flash"), ("mocean-coding", "1"), ("mocean-charset", "UTF-8"),
                    ("mocean-dlr-mask", "0"), ("mocean-dlr-url", "http://127.0.0.1:9/dlr"),
                    ("mocean-validity", "3600"), ("mocean-mclass", "1"), ("mocean-alt-dcs", "1"),
                    ("mocean-medium", "mocean-notify"),
                ]))
            #expect(response.status == 202)
            let message = try #require(try await sandbox.messages()[0])
            #expect(message["coding"] == 1)
            #expect(message["encoding"] == "GSM-7")
            #expect(message["charset"] == "UTF-8")
            #expect(message["dlrMask"] == "0")
            #expect(message["dlrUrl"] == "http://127.0.0.1:9/dlr")
            #expect(message["validity"] == "3600")
            #expect(message["flash"] == true)
            #expect(message["medium"] == "mocean-notify")
            #expect(message["auth"] == "token")
            #expect(message["messageStatus"] == 4)
            let receivedAt = try #require(message["receivedAt"]?.stringValue)
            #expect(try Date(receivedAt, strategy: .iso8601).timeIntervalSinceNow > -60)
            let inProcess = await sandbox.server.recordedMessages()
            #expect(inProcess.first?.authentication == .token)
        }
    }
}
