import Foundation
import GRDB
import Logging
import Testing

@testable import Notifier

/// The write-ahead log copied into the database file in the background, not in the writer's commits.
@Suite struct LogCheckpointerTests {
    private func fileSize(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test func commitsLeaveTheLogAloneAndTheCheckpointerCopiesIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("db.sqlite").path
        let database = try AppDatabase.open(path: path)
        let automatic = try await database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(automatic == AppDatabase.backstopCheckpointPages)
        // About 1,500 pages of 4 KiB, more than SQLite's default automatic checkpoint (1,000 pages).
        try await database.writer.write { db in
            try db.execute(sql: "CREATE TABLE filler (value BLOB NOT NULL)")
            for _ in 0..<1_500 { try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(4000))") }
        }
        let before = try fileSize(path)
        #expect(before < 1_000_000, "the rows are in the log, not yet in the file (\(before) bytes)")
        let checkpointer = LogCheckpointer(
            database: database, logger: Logger(label: "test"), interval: .milliseconds(10))
        let task = Task { try await checkpointer.run() }
        defer { task.cancel() }
        let deadline = ContinuousClock.now + .seconds(10)
        while try fileSize(path) < 6_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try fileSize(path) >= 6_000_000, "copied into the file by the checkpointer")
        task.cancel()
        _ = await task.result
        try database.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
