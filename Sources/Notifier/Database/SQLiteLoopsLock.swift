import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the background loops of a SQLite database in one process at a time: a second process on the same file
/// (`mcp` beside `serve`, say) serves its calls and writes its rows, and leaves the sending to the first.
///
/// The SQLite storages take every row left `sending` at start-up for one a stopped sender left behind, and
/// every queued row for their sender's to take: both hold only while one process runs the loops. The loops run
/// while this process holds an exclusive `flock` on the file beside the database (`<database>-loops`), which
/// the system releases when the process ends in any way, `kill -9` included; a process that finds it taken
/// tries again every ``retryInterval`` and takes the loops over when the other process stops.
///
/// The other process's rows are found by ringing the doorbells every ``pollInterval`` while the loops run:
/// its writes ring no doorbell of this process.
public struct SQLiteLoopsLock: Service {
    /// Whether another process holds the loops while this one waits: the health checks count the sending as
    /// done elsewhere then.
    public final class Holder: Sendable {
        private let elsewhere = Atomic<Bool>(false)

        public init() {}

        /// Whether another process runs the loops of this database now.
        public var isElsewhere: Bool { elsewhere.load(ordering: .acquiring) }

        func set(elsewhere value: Bool) { elsewhere.store(value, ordering: .releasing) }
    }

    /// The lock file of the database at `databasePath`, its symbolic links resolved, so that two names of one
    /// file share one lock.
    public static func lockPath(of databasePath: String) -> String {
        URL(fileURLWithPath: databasePath).resolvingSymlinksInPath().path + "-loops"
    }

    let path: String
    let services: [any Service]
    let doorbells: [Doorbell]
    let retryInterval: Duration
    let pollInterval: Duration
    let holder: Holder
    let logger: Logger

    /// - Parameters:
    ///   - databasePath: the SQLite file; the lock is the file beside it, made with mode 0600 when missing.
    ///   - services: the loops run while this process holds the lock.
    ///   - doorbells: rung every `pollInterval` while the loops run.
    public init(
        databasePath: String, services: [any Service], doorbells: [Doorbell], retryInterval: Duration = .seconds(2),
        pollInterval: Duration = .seconds(1), holder: Holder = Holder(), logger: Logger
    ) {
        self.holder = holder
        path = Self.lockPath(of: databasePath)
        self.services = services
        self.doorbells = doorbells
        self.retryInterval = retryInterval
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// The lock could not be opened (a folder that cannot be written, say).
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public func run() async throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Unavailable(
                description: "the loops' lock \(path) cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var waited = false
        defer { holder.set(elsewhere: false) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            holder.set(elsewhere: true)
            if !waited {
                logger.notice(
                    "another process runs the sending and processing of this database (it holds \(path)): this one serves its calls, and takes them over when that process stops"
                )
                waited = true
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
        }
        holder.set(elsewhere: false)
        if waited { logger.notice("this process now runs the sending and processing of this database") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask { try await service.run() }
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while (try? await Task.sleep(for: pollInterval)) != nil {
                        for doorbell in doorbells { doorbell.ring() }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

extension SQLiteLoopsLock: CustomStringConvertible {
    /// A short name for the service group's logs.
    public var description: String { "SQLiteLoopsLock(\(path), \(services.count) loops)" }
}
