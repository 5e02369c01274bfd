import Foundation
import GRDB
import JSONRPC
import Synchronization
import TestSupport
import Testing

/// `mocean-notify backup` while the service takes events and sends their SMS: the copy is one consistent
/// moment (every event acknowledged before it began is in it, every processed event with its SMS, and its rows
/// of each table exactly those the database held at that moment), passes SQLite's integrity check, and a service
/// started on it serves what it holds.
@Suite(.timeLimit(.minutes(3))) struct BackupEndToEndTests {
    static func event(_ index: Int) -> JSONValue {
        [
            "scope": "store/order/created", "store_id": "1",
            "data": ["type": "order", "id": .number(JSONNumber(index))],
            "hash": .string("backup-\(index)"), "created_at": 1_632_114_489,
        ]
    }

    @Test func aCopyMadeUnderWritesIsConsistentAndServes() async throws {
        let folder = try Fixtures.temporaryFolder()
        let system = try await ServiceUnderTest(folder: folder, sandboxArguments: ["--latency-ms", "5"])
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60123456789", "60134567890"],
                "events": ["store/order/created": ["enabled": true, "template": "Order {orders.id} placed"]],
            ])
        let copy = folder.appendingPathComponent("copies/backup.sqlite").path
        try FileManager.default.createDirectory(
            atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for index in 1...60 { _ = try await system.call("events.ingest", ["payload": Self.event(index)]) }
        // Events keep arriving and SMS keep going out while the copy is made.
        let backup = Task.detached {
            try ChildProcess.run(
                ServerProcess.executableURL.path, ["backup", copy, "--database", system.databasePath])
        }
        // Until the copy is done, and then some: the copy's moment falls among these.
        let finished = Mutex(false)
        let waiter = Task {
            let status = try await backup.value
            finished.withLock { $0 = true }
            return status
        }
        var index = 61
        while index <= 160 || !finished.withLock({ $0 }) {
            _ = try await system.call("events.ingest", ["payload": Self.event(index)])
            index += 1
        }
        #expect(try await waiter.value == 0)
        _ = await system.stop()

        let database = try DatabaseQueue(path: copy)
        let (integrity, events, processedWithoutRows, rowsWithoutEvent) = try await database.read { db in
            (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM events e WHERE e.state = 'processed'
                        AND (SELECT count(*) FROM messages m WHERE m.event_ref = e.id) <> 2
                        """) ?? -1,
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM messages m WHERE m.event_ref IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_ref)
                        """) ?? -1
            )
        }
        // Equal to the database at the moment of the copy: ids are given in commit order by the one writer, so the
        // live rows up to the copy's last id are exactly those that existed then; none of them may be missing.
        let live = try DatabaseQueue(path: system.databasePath)
        for table in ["events", "messages", "message_attempts"] {
            let (inCopy, last) = try await database.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1,
                    try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM \(table)") ?? 0
                )
            }
            let thenInLive = try await live.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE id <= ?", arguments: [last]) ?? -2
            }
            let laterInLive = try await live.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE id > ?", arguments: [last]) ?? -2
            }
            #expect(inCopy == thenInLive, "\(table): \(inCopy) rows in the copy, \(thenInLive) in the database then")
            if table == "events" { #expect(laterInLive > 0, "events kept coming after the copy's moment") }
        }
        try live.close()
        try database.close()
        #expect(integrity == ["ok"])
        #expect(events >= 60, "every event acknowledged before the copy began is in it: \(events)")
        #expect(processedWithoutRows == 0 && rowsWithoutEvent == 0, "a processed event has its SMS, each SMS its event")
        let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (copy as NSString).deletingLastPathComponent)
        #expect(leftovers == ["backup.sqlite"], "nothing half-written beside it: \(leftovers)")

        // A service started on the copy serves what it holds.
        let restored = try await ServiceUnderTest(folder: folder, database: copy)
        let listed = try await restored.call("events.list", ["limit": 200])
        #expect(listed["result"]?["events"]?.arrayValue?.count == events, "\(listed)")
        _ = await restored.stop()
    }

    @Test func aPostgreSQLDatabaseIsSentToPgDump() async throws {
        let status = try ChildProcess.run(
            ServerProcess.executableURL.path, ["backup", "/tmp/never.sqlite", "--database", "postgres://db/x"])
        #expect(status != 0)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.sqlite"))
    }
}
