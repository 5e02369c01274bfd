import GRDB
import Glibc

/// The service's SQLite database: a file in WAL mode, readable by its owner only.
///
/// One value wraps the connection pool; every store of the domain works through it. Opening applies the
/// named migrations of ``migrator``.
public struct AppDatabase: Sendable {
    /// Why the database could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot open the database at \(path): \(reason)" }
    }

    /// The connection pool: one writer, concurrent readers.
    public let writer: any DatabaseWriter
    /// Where the file is.
    public let path: String
    /// Every store's route, in memory.
    let storeRoutes: StoreRoutes

    /// Opens the database at `path`, creating it (mode 0600) and its folder (mode 0700) when missing.
    ///
    /// - Throws: ``OpenError`` when the folder or file cannot be made, or SQLite refuses the file.
    public static func open(path: String) throws -> AppDatabase {
        try createFileIfMissing(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted and overwritten content (a rotated secret) is zeroed, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // ``LogCheckpointer`` checkpoints in the background; this is only a backstop.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(backstopCheckpointPages)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw OpenError(path: path, reason: "\(error)")
        }
        try migrate(pool, path: path)
        try enableIncrementalVacuum(pool, path: path)
        return AppDatabase(pool: pool, path: path)
    }

    /// A database over `writer`, migrated: any GRDB writer, such as an in-memory `DatabaseQueue` in tests.
    ///
    /// - Throws: the migrator's error.
    public init(writer: any DatabaseWriter, path: String = ":memory:") throws {
        try Self.migrator.migrate(writer)
        self.writer = writer
        self.path = path
        self.storeRoutes = StoreRoutes(writer: writer)
    }

    /// An empty database in memory, with the whole schema: for tests.
    public static func inMemory() throws -> AppDatabase {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        return try AppDatabase(writer: DatabaseQueue(configuration: configuration))
    }

    private init(pool: DatabasePool, path: String) {
        self.writer = pool
        self.path = path
        self.storeRoutes = StoreRoutes(writer: pool)
    }

    /// The log's size, in pages, at which a commit checkpoints by itself: about 40 MB, reached only when the
    /// background ``LogCheckpointer`` cannot keep up or is not running.
    public static let backstopCheckpointPages = 10_000

    /// Lets pruned space be given back without a full VACUUM: `auto_vacuum = INCREMENTAL` takes effect on a
    /// database made before it only after one VACUUM, done once here.
    private static func enableIncrementalVacuum(_ pool: DatabasePool, path: String) throws {
        do {
            let mode = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") } ?? 0
            guard mode != 2 else { return }
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "VACUUM")
            }
        } catch {
            throw OpenError(path: path, reason: "turning on incremental vacuum failed: \(error)")
        }
    }

    /// Brings the schema up to date, refusing a database that a newer version has already changed: migrating
    /// it backwards could lose what that version stored.
    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        let unknown: [String]
        do {
            unknown = try pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
        } catch {
            throw OpenError(path: path, reason: "it is not a database of this service: \(error)")
        }
        guard unknown.isEmpty else {
            try? pool.close()
            throw OpenError(
                path: path,
                reason: "it was written by a newer version of mocean-notify (unknown migrations: "
                    + "\(unknown.joined(separator: ", "))); upgrade mocean-notify rather than risk its data")
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw OpenError(path: path, reason: "updating its schema failed: \(error)")
        }
    }

    /// Copies the write-ahead log into the database file and empties it, so that what was overwritten (an old
    /// secret) is left in neither; best effort while readers hold old snapshots.
    public func checkpointAndTruncateLog() async throws {
        try await writer.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
        }
    }

    /// Closes every connection; further use fails.
    public func close() throws {
        try (writer as? DatabasePool)?.close()
    }

    /// Creates the folder and an empty file with owner-only permissions, so the data is never readable by
    /// others, not even for the moment between SQLite creating the file and a later chmod.
    private static func createFileIfMissing(_ path: String) throws {
        let folder = parentFolder(of: path)
        if !folder.isEmpty, access(folder, F_OK) != 0 {
            try makeFolders(folder)
        }
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw OpenError(path: path, reason: String(cString: strerror(errno)))
        }
        _ = Glibc.close(descriptor)
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    private static func makeFolders(_ folder: String) throws {
        let parent = parentFolder(of: folder)
        if !parent.isEmpty, access(parent, F_OK) != 0 {
            try makeFolders(parent)
        }
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw OpenError(path: folder, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }
}
