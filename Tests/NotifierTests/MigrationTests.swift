import Foundation
import GRDB
import TestSupport
import Testing

@testable import Notifier

@Suite struct MigrationTests {
    private func databasePath() throws -> String {
        try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
    }

    @Test func refusesADatabaseWrittenByANewerVersionAndLeavesItAlone() throws {
        let path = try databasePath()
        let database = try AppDatabase.open(path: path)
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')")
        }
        try database.close()
        let error = #expect(throws: AppDatabase.OpenError.self) { try AppDatabase.open(path: path) }
        #expect(error?.reason.contains("newer version") == true)
        #expect(error?.reason.contains("v99 from the future") == true)
        let check = try DatabaseQueue(path: path)
        let identifiers = try check.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(identifiers.contains("v99 from the future"))
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let path = try databasePath()
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AppDatabase.OpenError.self) { try AppDatabase.open(path: path) }
    }

    @Test func theSchemaHoldsOneAccountRowWithCheckedValues() throws {
        let database = try AppDatabase.open(path: try databasePath())
        try database.writer.write { db in
            try AccountSettings.initial(store: .first, now: Date()).insert(db)
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO account_settings (id, gateway_url, updated_at) VALUES (2, 'x', 0)")
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE account_settings SET admin_country = 'MYS'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE account_settings SET api_secret = ''") }
        }
    }
}
