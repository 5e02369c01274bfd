import Foundation
import Logging
import MoceanSandbox
import TestSupport
import Testing

/// Delivery reports posted to `mocean-dlr-url`, and the message status they go with.
@Suite(.timeLimit(.minutes(1))) struct DeliveryReportTests {
    @Test func aDeliveryReportIsPostedPerReceiverAndTheStatusTurnsDelivered() async throws {
        let listener = try DeliveryReportListener()
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 500)) { sandbox in
            let url = "http://127.0.0.1:\(listener.port)/mocean/dlr?shop=1"
            let response = try await sandbox.sendSMS([
                ("mocean-from", "MyShop"), ("mocean-to", "60111111111,60122222222"), ("mocean-text", "Shipped"),
                ("mocean-dlr-mask", "1"), ("mocean-dlr-url", url),
            ])
            #expect(response.status == 202)
            let messages = try response.json()["messages"]
            let msgids = try [0, 1].map { try #require(messages?[$0]?["msgid"]?.stringValue) }
            let pending = try await sandbox.get("/rest/2/report/message", [("mocean-msgid", msgids[0])]).json()
            #expect(pending["message_status"] == 4)

            var reports: [String: [String: String]] = [:]
            for _ in msgids {
                let request = try await listener.nextRequest()
                #expect(request.method == "POST")
                #expect(request.target == "/mocean/dlr?shop=1")
                #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
                reports[request.form["mocean-msgid"] ?? "?"] = request.form
            }
            #expect(
                reports[msgids[0]] == [
                    "mocean-from": "MyShop", "mocean-to": "60111111111", "mocean-msgid": msgids[0],
                    "mocean-dlr-status": "1", "mocean-error-code": "0",
                ])
            #expect(reports[msgids[1]]?["mocean-to"] == "60122222222")
            for msgid in msgids {
                let delivered = try await sandbox.get("/rest/2/report/message", [("mocean-msgid", msgid)]).json()
                #expect(
                    delivered == ["status": 0, "message_status": 1, "msgid": .string(msgid), "credit_deducted": 0.05])
            }
            #expect(try await sandbox.messages()[0]?["messageStatus"] == 1)
            // The count moves once each report's answer is back, a moment after the listener has the report
            // (up to 30 s: a loaded machine running a debug build can take seconds).
            var sent: TestJSON?
            for _ in 0..<1_200 {
                sent = try await sandbox.request("GET", "/sandbox/stats").json()["deliveryReports"]?["sent"]
                if sent == 2 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(sent == 2)
        }
    }

    @Test func withoutAURLTheMessageIsDeliveredQuietly() async throws {
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 0)) { sandbox in
            let response = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60111111111"), ("mocean-text", "Hi"),
            ])
            let msgid = try #require(try response.json()["messages"]?[0]?["msgid"]?.stringValue)
            try await waitUntil { try await sandbox.messages()[0]?["messageStatus"] == 1 }
            let status = try await sandbox.get("/rest/2/report/message", [("mocean-msgid", msgid)]).json()
            #expect(status["message_status"] == 1)
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["deliveryReports"] == ["sent": 0, "failed": 0])
        }
    }

    @Test func aReportThatCannotBePostedIsCountedAndTheSandboxGoesOn() async throws {
        // A port nothing listens on: take a free one, then close it.
        let closedPort = try DeliveryReportListener().port
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 0)) { sandbox in
            for url in ["http://127.0.0.1:\(closedPort)/dlr", "https://127.0.0.1/dlr", "not a url"] {
                let response = try await sandbox.sendSMS([
                    ("mocean-from", "Shop"), ("mocean-to", "60111111111"), ("mocean-text", "Hi"),
                    ("mocean-dlr-url", url),
                ])
                #expect(response.status == 202)
            }
            try await waitUntil {
                try await sandbox.request("GET", "/sandbox/stats").json()["deliveryReports"]?["failed"] == 3
            }
            #expect(try await sandbox.get("/rest/2/account/balance").status == 200)
        }
    }

    @Test func aMaskOtherThanOneAsksForNoReport() async throws {
        let listener = try DeliveryReportListener(timeout: 1)
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 0)) { sandbox in
            _ = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60111111111"), ("mocean-text", "Hi"),
                ("mocean-dlr-mask", "0"), ("mocean-dlr-url", "http://127.0.0.1:\(listener.port)/dlr"),
            ])
            await #expect(throws: (any Error).self) { try await listener.nextRequest() }
        }
    }
}

extension DeliveryReportTests {
    @Test func theReceiversSecretsNeverReachTheLog() async throws {
        let captured = CapturingLogHandler()
        let logger = Logger(label: "sandbox-test") { _ in captured }
        let listener = try DeliveryReportListener()
        let closedPort = try DeliveryReportListener().port
        try await Sandbox.run(Sandbox.configuration(deliveryDelay: 0), logger: logger) { sandbox in
            for url in [
                "http://127.0.0.1:\(listener.port)/dlr?token=s3cret",
                "http://user:pa55@127.0.0.1:\(closedPort)/dlr?token=s3cret",
                "ftp://127.0.0.1/dlr?token=s3cret",
            ] {
                let response = try await sandbox.sendSMS([
                    ("mocean-from", "Shop"), ("mocean-to", "60111111111"), ("mocean-text", "Hi"),
                    ("mocean-dlr-url", url),
                ])
                #expect(response.status == 202)
            }
            #expect(try await listener.nextRequest().target == "/dlr?token=s3cret", "the receiver gets its query")
            try await waitUntil {
                try await sandbox.request("GET", "/sandbox/stats").json()["deliveryReports"] == [
                    "sent": 1, "failed": 2,
                ]
            }
        }
        let log = captured.messages.withLock { $0 }.joined(separator: "\n")
        #expect(log.contains("http://127.0.0.1:\(closedPort)/dlr"), "the URL is logged without its secrets")
        #expect(!log.contains("s3cret") && !log.contains("pa55"), "\(log)")
    }
}

/// Polls `condition` every 20 ms for up to 30 seconds (a loaded machine can be slow; a met condition returns at once).
func waitUntil(_ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("the condition never held")
}
