import Crypto
import Foundation
import Glibc
import JSONRPC
import Synchronization
import TestSupport
import Testing

/// The full loop over real processes and HTTP: the store's stand-in creates an order and posts the signed
/// webhook to the service's HTTP front; the customer's SMS reaches the gateway's stand-in, whose delivery
/// report comes back to the front; the history says delivered.
@Suite(.timeLimit(.minutes(3))) struct HTTPFrontEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    /// A port free on loopback now, so that `--public-url` can name it before the service starts.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw ProcessFailure("no free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func anOrderInTheStoreBecomesADeliveredSMSThroughWebhooksAndReports() async throws {
        let port = try Self.freePort()
        let front = "http://127.0.0.1:\(port)"
        let system = try await ServiceUnderTest(
            folder: folder, sandboxArguments: ["--dlr-delay-ms", "200"],
            serviceArguments: ["--http", "127.0.0.1:\(port)", "--public-url", front])
        let store = try await system.call(
            "store.set",
            [
                "storeHash": "sandbox", "accessToken": "sandbox-store-token", "clientSecret": "sandbox-client-secret",
                "apiUrl": .string("http://127.0.0.1:\(system.sandboxPort)"),
            ])
        #expect(store["result"]?["credentials"]?["status"] == "valid", "\(store)")
        #expect(store["result"]?["store"]?["clientSecret"] == ["set": true, "last4": "cret"])
        _ = try await system.call(
            "notifications.configure", ["audience": "customer", "events": ["store/order/created": ["enabled": true]]])
        let registered = try #require(try await system.call("store.registerWebhooks")["result"])
        #expect(registered["destination"] == .string(front + "/webhooks/bigcommerce"))
        #expect(registered["hooks"]?.arrayValue?.map { $0["change"] } == Array(repeating: "created", count: 9))
        let again = try await system.call("store.registerWebhooks")["result"]
        #expect(again?["hooks"]?.arrayValue?.allSatisfy { $0["change"] == "unchanged" } == true, "idempotent")
        let listed = try await system.call("store.webhooks")["result"]
        #expect(listed?["allActive"] == true && listed?["hooks"]?.arrayValue?.count == 9)

        let (status, order) = try await system.sandboxRequest("POST", "/sandbox/store/orders", body: "{}")
        #expect(status == 200 || status == 201, "\(order)")
        let orderID = try #require(order["orderId"])
        let history = try await system.waitFor("history.query", ["orderId": .string(orderID.description)], seconds: 60)
        {
            $0["rows"]?.arrayValue?.first?["state"] == "delivered"
        }
        let row = try #require(history["rows"]?.arrayValue?.first)
        #expect(row["eventType"] == "store/order/created" && row["orderId"] == .string(orderID.description))
        let sent = try await system.sandboxMessages()
        #expect(sent.count == 1, "one SMS for one order: \(sent)")
        let events = try await system.call("events.list", [:])["result"]
        #expect(events?["events"]?.arrayValue?.count == 1, "one event stored: \(events ?? .null)")

        // The same signed webhook ten times (BigCommerce delivers at least once): one SMS.
        let body =
            #"{"scope":"store/order/created","store_id":"1","data":{"type":"order","id":151},"hash":"e2e-151","created_at":\#(Int(Date().timeIntervalSince1970)),"producer":"stores/sandbox"}"#
        var answers: [JSONValue] = []
        for _ in 0..<10 {
            let (status, answer) = try await ServiceUnderTest.httpRequest(
                port: port, "POST", "/webhooks/bigcommerce", headers: Self.signed(body), body: body)
            #expect(status == 200)
            answers.append(answer["status"] ?? .null)
        }
        #expect(answers == ["accepted"] + Array(repeating: "duplicate", count: 9))
        _ = try await system.waitFor("history.query", ["orderId": "151"], seconds: 60) {
            $0["rows"]?.arrayValue?.first?["state"] == "delivered"
        }
        try await Task.sleep(for: .milliseconds(500))
        let toOrder151 = try await system.sandboxMessages().filter { $0["receiver"] == "60123000151" }
        #expect(toOrder151.count == 1, "\(toOrder151)")
        // A forged one is refused and sends nothing.
        let forged = body.replacingOccurrences(of: "e2e-151", with: "e2e-forged")
        let (refused, why) = try await ServiceUnderTest.httpRequest(
            port: port, "POST", "/webhooks/bigcommerce", headers: Self.signed(body), body: forged)
        #expect(refused == 401 && why["error"]?["code"] == "badSignature")
        _ = await system.stop()
    }

    @Test func everyWebhookAnsweredBeforeAKillIsStored() async throws {
        let port = try Self.freePort()
        let arguments = ["--http", "127.0.0.1:\(port)"]
        let system = try await ServiceUnderTest(folder: folder, serviceArguments: arguments)
        _ = try await system.call("store.set", ["clientSecret": "kill-test-secret"])
        try await Task.sleep(for: .milliseconds(1100))  // the front reads the store's settings once a second
        // Four senders post distinct webhooks until the service is killed; each keeps what was answered 200.
        let killed = StopFlag()
        let answeredSoFar = Counter()
        let accepted = try await withThrowingTaskGroup(of: [Int].self) { group in
            for sender in 0..<4 {
                group.addTask {
                    var answered: [Int] = []
                    for number in stride(from: 1000 + sender, to: 100_000, by: 4) {
                        if killed.isSet { return answered }
                        let text = Self.killTestBody(number)
                        guard
                            let (status, answer) = try? await ServiceUnderTest.httpRequest(
                                port: port, "POST", "/webhooks/bigcommerce",
                                headers: Self.signed(text, secret: "kill-test-secret"), body: text)
                        else { return answered }
                        if status == 200, answer["status"] == "accepted" {
                            answered.append(number)
                            answeredSoFar.add()
                        }
                    }
                    return answered
                }
            }
            group.addTask {
                // Killed once 20 were answered (at most 30 s), mid-stream of the four senders.
                let deadline = ContinuousClock.now + .seconds(30)
                while answeredSoFar.value < 20, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                killed.set()
                try await system.killAndRestartService(serviceArguments: arguments)
                return []
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(accepted.count >= 20, "webhooks were answered before the kill: \(accepted.count)")
        // The TCP transport is back (the restart waits for it); the HTTP front may take a moment longer.
        let deadline = ContinuousClock.now + .seconds(20)
        while (try? await ServiceUnderTest.httpRequest(port: port, "GET", "/healthz")) == nil {
            guard ContinuousClock.now < deadline else { throw ProcessFailure("the HTTP front did not come back") }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Each one answered 200 before the kill is stored: sent again, it is a duplicate.
        for number in accepted {
            let text = Self.killTestBody(number)
            let (status, answer) = try await ServiceUnderTest.httpRequest(
                port: port, "POST", "/webhooks/bigcommerce", headers: Self.signed(text, secret: "kill-test-secret"),
                body: text)
            #expect(status == 200 && answer["status"] == "duplicate", "webhook \(number) was lost: \(answer)")
        }
        _ = await system.stop()
    }

    /// Tells the senders to stop.
    final class StopFlag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// Counts the webhooks answered so far, across the senders.
    final class Counter: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func add() { count.withLock { $0 += 1 } }
    }

    /// An order webhook whose hash names `number`.
    static func killTestBody(_ number: Int) -> String {
        #"{"scope":"store/order/created","store_id":"1","data":{"type":"order","id":\#(number)},"hash":"kill-\#(number)","created_at":\#(Int(Date().timeIntervalSince1970))}"#
    }

    /// The Standard Webhooks headers the store's stand-in would send with `body`.
    static func signed(_ body: String, secret: String = "sandbox-client-secret") -> [(String, String)] {
        let id = "msg_\(UUID().uuidString)"
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        mac.update(data: Array("\(id).\(timestamp).\(body)".utf8))
        return [
            ("Content-Type", "application/json"), ("webhook-id", id), ("webhook-timestamp", timestamp),
            ("webhook-signature", "v1," + Data(mac.finalize()).base64EncodedString()),
        ]
    }
}
