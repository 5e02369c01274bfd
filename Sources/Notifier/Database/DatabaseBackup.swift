import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// A consistent copy of the SQLite database, made while the service runs and writes: SQLite's online backup
/// of one read snapshot into a new file beside the destination (mode 0600), checked with
/// `PRAGMA integrity_check`, synced to disk, and only then renamed over the destination. The destination is
/// therefore either what it was before or the whole checked copy, never a half-written file.
public enum DatabaseBackup {
    /// Why no copy was made; the destination is left as it was.
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a copy holds.
    public struct Summary: Sendable, Equatable {
        public let path: String
        public let bytes: Int64
        /// Rows of the SMS history, events and stores in the copy, as of the snapshot copied.
        public let messages: Int
        public let events: Int
        public let stores: Int
    }

    /// Copies `database` to `destination`.
    ///
    /// - Throws: ``Failed`` naming what went wrong (a folder that cannot be written, a copy that fails its
    ///   integrity check); SQLite's error while copying.
    public static func copy(_ database: AppDatabase, to destination: String) throws -> Summary {
        let target = URL(fileURLWithPath: destination)
        let folder = target.deletingLastPathComponent().path
        let partial = folder + "/." + target.lastPathComponent + ".partial-\(getpid())"
        unlink(partial)
        let descriptor = open(partial, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failed(description: "cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        do {
            let summary = try write(database, into: partial, named: destination)
            try sync(partial)
            guard rename(partial, destination) == 0 else {
                throw Failed(description: "cannot put the copy at \(destination): \(String(cString: strerror(errno)))")
            }
            try sync(folder, directory: true)
            return summary
        } catch {
            unlink(partial)
            unlink(partial + "-wal")
            unlink(partial + "-shm")
            throw error
        }
    }

    private static func write(_ database: AppDatabase, into partial: String, named destination: String) throws
        -> Summary
    {
        var copy: DatabaseQueue? = try DatabaseQueue(path: partial)
        guard let queue = copy else { throw Failed(description: "cannot open \(partial)") }
        try database.writer.backup(to: queue)
        let (problems, messages, events, stores) = try queue.writeWithoutTransaction { db in
            // The copy stands alone: its write-ahead log is folded in and the file leaves WAL mode.
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            return (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM stores") ?? 0
            )
        }
        try queue.close()
        copy = nil
        guard problems == ["ok"] else {
            throw Failed(
                description: "the copy failed its integrity check: \(problems.prefix(5).joined(separator: "; "))")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int64) ?? 0
        return Summary(path: destination, bytes: bytes, messages: messages, events: events, stores: stores)
    }

    private static func sync(_ path: String, directory: Bool = false) throws {
        let descriptor = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failed(description: "cannot open \(path) to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw Failed(description: "cannot sync \(path) to disk: \(String(cString: strerror(errno)))")
        }
    }
}
