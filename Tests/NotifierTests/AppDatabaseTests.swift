import Foundation
import GRDB
import Testing

@testable import Notifier

@Suite struct AppDatabaseTests {
    @Test func createsTheFileOwnerOnlyInANewFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notifier-\(UUID().uuidString)")
        let path = root.appendingPathComponent("nested/data/db.sqlite").path
        let database = try AppDatabase.open(path: path)
        try database.writer.write { db in
            try db.execute(sql: "CREATE TABLE probe (value TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO probe VALUES ('kept')")
        }
        try database.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("nested").path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)

        let reopened = try AppDatabase.open(path: path)
        let value = try reopened.writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM probe") }
        #expect(value == "kept")
        let journal = try reopened.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        try reopened.close()
    }

    @Test func explainsAPathThatCannotBeCreated() {
        let error = #expect(throws: AppDatabase.OpenError.self) {
            try AppDatabase.open(path: "/proc/definitely/not/here.sqlite")
        }
        #expect(error?.description.contains("/proc/definitely") == true)
    }

    @Test func defaultPathFollowsXDGThenHome() {
        #expect(
            DatabaseLocation.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/mocean-notify/mocean-notify.sqlite")
        #expect(
            DatabaseLocation.defaultPath(environment: ["HOME": "/home/a"])
                == "/home/a/.local/share/mocean-notify/mocean-notify.sqlite")
    }
}
