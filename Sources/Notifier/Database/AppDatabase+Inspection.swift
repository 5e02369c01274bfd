import Foundation
import GRDB

extension AppDatabase {
    /// The file's size (its write-ahead log included), journal mode, `PRAGMA integrity_check`, the last migration
    /// applied, and whether it takes a write; read in one snapshot, changing nothing.
    public func inspect() async throws -> DatabaseInspection {
        let (pages, pageSize, journal, integrity, schema, version) = try await writer.read { db in
            (
                try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try String.fetchOne(
                    db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1"),
                try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?"
            )
        }
        var writable = true
        do {
            try await writeCheck()
        } catch {
            writable = false
        }
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
        let (file, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        let (bytes, tooLarge) = file.addingReportingOverflow(log)
        return DatabaseInspection(
            engine: "SQLite \(version)", location: path, bytes: overflow || tooLarge ? Int64.max : bytes,
            journalMode: journal, integrityProblems: integrity == ["ok"] ? [] : Array(integrity.prefix(20)),
            schema: schema, writable: writable)
    }
}
