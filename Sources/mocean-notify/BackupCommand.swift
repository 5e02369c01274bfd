import ArgumentParser
import Foundation
import Notifier
import NotifierPostgres

/// `mocean-notify backup PATH`: a consistent copy of the SQLite database, made while the service runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to PATH while the service runs and writes.",
        discussion: """
            The copy is one consistent moment of the database (SQLite's online backup of a read snapshot), \
            checked with PRAGMA integrity_check and synced before it is renamed to PATH: PATH is never a \
            half-written file. To restore, stop the service and put the copy in place of the database file \
            (mode 0600), or start the service with --database PATH. On PostgreSQL, use pg_dump (the README \
            gives the command).
            """
    )

    @Argument(help: "Where the copy goes (replaced when it exists).")
    var path: String

    @Option(
        name: .long,
        help: "The SQLite database file (default: $MOCEAN_NOTIFY_DATABASE, else the file in the user's data folder).")
    var database: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let source =
            database ?? environment["MOCEAN_NOTIFY_DATABASE"] ?? DatabaseLocation.defaultPath(environment: environment)
        if PostgresLocation.isURL(source) {
            throw ValidationError(
                "backup copies a SQLite file; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom "
                    + "--file=mocean-notify.dump \"$URL\" (the README says how to restore it)")
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw ValidationError("there is no database at \(source): give the service's --database")
        }
        let opened = try AppDatabase.open(path: source)
        let summary = try DatabaseBackup.copy(opened, to: path)
        print(
            "copied \(source) to \(summary.path): \(summary.bytes) bytes, \(summary.messages) SMS, "
                + "\(summary.events) events, \(summary.stores) stores; integrity ok")
    }
}
