import GRDB

extension AppDatabase {
    /// Takes the write lock and rolls back at once: throws when the database does not take writes now (a full
    /// disk, a file made read-only, a lock held too long).
    public func writeCheck() async throws {
        try await writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "UPDATE endpoint_secrets SET created_at = created_at WHERE id = 1")
                return .rollback
            }
        }
    }
}
