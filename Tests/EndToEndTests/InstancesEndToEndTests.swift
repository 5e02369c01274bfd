import Foundation
import Glibc
import JSONRPC
import Logging
import NotifierPostgres
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// Three instances on one PostgreSQL database, webhooks spread over their HTTP fronts; one instance killed with
/// kill -9 mid-stream and started again: every acknowledged webhook is stored and processed, no SMS is sent
/// twice (the gateway stand-in's record and the database agree message by message), and the dead instance's
/// rows are resolved after its lease.
@Suite(.timeLimit(.minutes(4))) struct InstancesEndToEndTests {
    static let secret = "instances-test-secret"
    static let lease = 3.0

    /// Run on PostgreSQL only (the backend several instances share), when the tests were given a cluster.
    @Test(arguments: StorageBackend.available.filter { $0 == .postgres })
    func threeInstancesOneKilledLoseNothingAndSendNothingTwice(backend: StorageBackend) async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            let url = PostgresTestDatabase.url(of: location)
            let ports = try (0..<3).map { _ in try HTTPFrontEndToEndTests.freePort() }
            let arguments = { @Sendable (index: Int) in
                ["--http", "127.0.0.1:\(ports[index])", "--instance-lease", "\(Self.lease)"]
            }
            let system = try await ServiceUnderTest(
                folder: try Fixtures.temporaryFolder(), database: url,
                sandboxArguments: ["--latency-ms", "20", "--balance", "1000"], serviceArguments: arguments(0))
            _ = try await system.call("store.set", ["clientSecret": .string(Self.secret)])
            _ = try await system.call(
                "notifications.configure",
                [
                    "audience": "admin", "adminNumbers": ["60123456789"],
                    "events": ["store/order/created": ["enabled": true, "template": "Order {orders.id} placed"]],
                ])
            _ = try await system.call("outbox.configure", ["ratePerSecond": 600, "concurrency": 16])
            let others = Instances(try [1, 2].map { index in try Self.instance(url, arguments(index)) })
            for index in 0..<3 { try await Self.waitForFront(ports[index]) }
            try await Task.sleep(for: .milliseconds(1100))  // the fronts read the store's settings once a second

            let total = 450
            let accepted = Accepted()
            let next = Accepted()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        while true {
                            let number = next.take()
                            guard number <= total else { return }
                            let port = ports[number % 3]
                            let text = Self.body(number)
                            if let (status, answer) = try? await ServiceUnderTest.httpRequest(
                                port: port, "POST", "/webhooks/bigcommerce",
                                headers: HTTPFrontEndToEndTests.signed(text, secret: Self.secret), body: text),
                                status == 200, answer["status"] == "accepted"
                            {
                                accepted.add(number)
                            }
                        }
                    }
                }
                group.addTask {
                    // Instance 1 dies mid-stream, with webhooks in flight to it and SMS it claimed out at the
                    // gateway; it comes back later on the same address.
                    while accepted.count < 120 { try await Task.sleep(for: .milliseconds(10)) }
                    let killed = others.first
                    kill(killed.process.processIdentifier, SIGKILL)
                    _ = await killed.waitForExit()
                    while accepted.count < 300 { try await Task.sleep(for: .milliseconds(10)) }
                    others.replaceFirst(with: try Self.instance(url, arguments(1)))
                    try await Self.waitForFront(ports[1])
                }
                try await group.waitForAll()
            }
            let acknowledged = accepted.all
            #expect(acknowledged.count >= 300, "most webhooks were answered: \(acknowledged.count)")

            try await PostgresTestDatabase.withClient(location) { client in
                let logger = PostgresTestDatabase.logger
                // Everything settles, and the dead instance is resolved and forgotten, within its lease and a few
                // seconds.
                let settled = """
                    SELECT (SELECT count(*) FROM events WHERE state = 'received')
                        + (SELECT count(*) FROM messages WHERE state IN ('queued', 'sending'))
                        + (SELECT count(*) FROM messages WHERE claimed_by IS NOT NULL)
                        + abs((SELECT count(*) FROM instances) - 3)
                    """
                let deadline = ContinuousClock.now + .seconds(60)
                while try await Self.count(client, settled) > 0, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                // Every acknowledged webhook is stored and processed into its one SMS row.
                var events: [String: (state: String, rows: Int)] = [:]
                for try await (hash, state, rows) in try await client.query(
                    """
                    SELECT e.payload::jsonb ->> 'hash', e.state, (SELECT count(*) FROM messages m WHERE m.event_ref = e.id)
                    FROM events e
                    """, logger: logger
                ).decode((String, String, Int).self) {
                    events[hash] = (state, rows)
                }
                for number in acknowledged {
                    let event = events["instances-\(number)"]
                    #expect(event?.state == "processed", "event \(number): \(String(describing: event))")
                    #expect(event?.rows == 1, "event \(number) made \(event?.rows ?? 0) rows")
                }
                // Message by message: the gateway has each sent row once, and nothing it has is unaccounted for.
                let recorded = try await system.sandboxMessages()
                var byText: [String: [JSONValue]] = [:]
                for message in recorded { byText[message["text"]?.stringValue ?? "", default: []].append(message) }
                #expect(byText.values.allSatisfy { $0.count == 1 }, "no SMS twice")
                var rowTexts = Set<String>()
                var unknown = 0
                for try await (text, state, msgid) in try await client.query(
                    "SELECT text, state, msgid FROM messages", logger: logger
                ).decode((String, String, String?).self) {
                    rowTexts.insert(text)
                    switch state {
                    case "sent", "delivered":
                        #expect(
                            byText[text]?.first?["msgid"]?.stringValue == msgid, "sent row \(text) is the gateway's")
                    case "unknown":
                        // Sending when its instance died: at most once at the gateway, never resent.
                        unknown += 1
                        #expect((byText[text]?.count ?? 0) <= 1)
                    default:
                        Issue.record("row \(text) ended \(state)")
                    }
                }
                #expect(unknown <= 16 + 16, "at most what the dead instance had in flight: \(unknown)")
                #expect(Set(byText.keys).isSubset(of: rowTexts), "the gateway sent nothing the database lacks")
                // The dead instance is forgotten and nothing is left claimed by an instance that is gone.
                let orphans = try await Self.count(
                    client,
                    """
                    SELECT count(*) FROM messages WHERE claimed_by IS NOT NULL
                        AND claimed_by NOT IN (SELECT id FROM instances)
                    """)
                #expect(orphans == 0)
                #expect(try await Self.count(client, "SELECT count(*) FROM instances") == 3)
            }
            for process in others.all { process.terminate() }
            for process in others.all { #expect(await process.waitForExit() == 0) }
            _ = await system.stop()
        }
    }

    /// Stopped with SIGTERM while SMS are in flight to a slow gateway, an instance records their outcomes before
    /// it leaves the database's instances: they end `sent`, none `unknown`, nothing left claimed.
    @Test(arguments: StorageBackend.available.filter { $0 == .postgres })
    func aStoppedInstanceRecordsItsSendsInFlightBeforeItLeaves(backend: StorageBackend) async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            let system = try await ServiceUnderTest(
                folder: try Fixtures.temporaryFolder(), database: PostgresTestDatabase.url(of: location),
                sandboxArguments: ["--latency-ms", "4000", "--balance", "1000"])
            _ = try await system.call(
                "notifications.configure",
                [
                    "audience": "admin", "adminNumbers": ["60123456789", "60134567890"],
                    "events": ["store/order/created": ["enabled": true, "template": "Order {orders.id} placed"]],
                ])
            // Held until all six are queued, so that they go to the gateway together however slow the machine.
            _ = try await system.call("outbox.pause", [:])
            for index in 1...3 {
                _ = try await system.call(
                    "events.ingest",
                    [
                        "payload": [
                            "scope": "store/order/created", "store_id": "1",
                            "data": ["type": "order", "id": .number(JSONNumber(index))],
                            "hash": .string("stop-\(index)"), "created_at": 1_632_114_489,
                        ]
                    ])
            }
            _ = try await system.waitFor("outbox.status", seconds: 20) { $0["counts"]?["queued"] == 6 }
            _ = try await system.call("outbox.resume", [:])
            _ = try await system.waitFor("outbox.status", seconds: 20) { $0["counts"]?["sending"] == 6 }
            // All six requests are at the gateway, answered in 4 s: the instance alone is asked to stop now.
            let service = await system.service
            service.terminate()
            #expect(await service.waitForExit() == 0)
            let (sent, claimed, instances) = try await PostgresTestDatabase.withClient(location) { client in
                (
                    try await Self.count(client, "SELECT count(*) FROM messages WHERE state = 'sent'"),
                    try await Self.count(client, "SELECT count(*) FROM messages WHERE claimed_by IS NOT NULL"),
                    try await Self.count(client, "SELECT count(*) FROM instances WHERE lease_until > now()")
                )
            }
            _ = await system.stop()
            #expect(sent == 6, "every send in flight recorded as sent")
            #expect(claimed == 0)
            #expect(instances == 0, "it left")
        }
    }

    /// The webhooks answered `accepted` across the senders; or, as the senders' counter, the numbers taken.
    final class Accepted: Sendable {
        private let numbers = Mutex<[Int]>([])
        var count: Int { numbers.withLock { $0.count } }
        var all: [Int] { numbers.withLock { $0 } }
        func add(_ number: Int) { numbers.withLock { $0.append(number) } }
        /// The next number, from 1.
        func take() -> Int {
            numbers.withLock { numbers in
                numbers.append(numbers.count + 1)
                return numbers.count
            }
        }
    }

    /// The instances other than the first, the one killed replaced by its restart.
    final class Instances: Sendable {
        private let processes: Mutex<[ServerProcess]>
        init(_ processes: [ServerProcess]) { self.processes = Mutex(processes) }
        var first: ServerProcess { processes.withLock { $0[0] } }
        var all: [ServerProcess] { processes.withLock { $0 } }
        func replaceFirst(with process: ServerProcess) { processes.withLock { $0[0] = process } }
    }

    static func instance(_ url: String, _ arguments: [String]) throws -> ServerProcess {
        try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--database", url] + arguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
    }

    static func waitForFront(_ port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while (try? await ServiceUnderTest.httpRequest(port: port, "GET", "/healthz")) == nil {
            guard ContinuousClock.now < deadline else { throw ProcessFailure("the HTTP front on \(port) did not come") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func count(_ client: PostgresClient, _ sql: String) async throws -> Int {
        for try await value in try await client.query(
            PostgresQuery(unsafeSQL: sql), logger: PostgresTestDatabase.logger
        )
        .decode(Int.self) {
            return value
        }
        return 0
    }

    /// An order webhook whose hash names `number`.
    static func body(_ number: Int) -> String {
        #"{"scope":"store/order/created","store_id":"1","data":{"type":"order","id":\#(number)},"hash":"instances-\#(number)","created_at":\#(Int(Date().timeIntervalSince1970))}"#
    }
}
