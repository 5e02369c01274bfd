import Foundation
import HTTPClient
import Logging
import Notifier

extension NotifierApplication {
    /// What `mocean-notify doctor` finds over the database `configuration` names (which it opens as `serve` would,
    /// applying its migrations), with the public URL and the stores it holds. A SQLite file that does not exist
    /// is a problem, and is not made.
    /// The options that only `serve` uses (listening addresses, limits) are not looked at: `--public-url` is
    /// taken without `--http`, since the doctor serves nothing.
    public static func doctor(_ configuration: ServeConfiguration, logger: Logger) async throws -> DoctorReport {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        if let location = configuration.postgres {
            var report = DoctorReport()
            do {
                try await PostgresDatabase.withStorages(
                    location, lease: configuration.instanceLease, logger: logger
                ) { storages in
                    report = try await examine(storages, http: http, configuration: configuration)
                }
            } catch let failure as PostgresDatabase.StartFailure {
                report.findings.append(
                    DoctorFinding(
                        .problem, "database", failure.description,
                        fix: "check the URL, the password and that the server runs and takes connections"))
            }
            return report
        }
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            return DoctorReport(findings: [
                DoctorFinding(
                    .problem, "database", "there is no database at \(configuration.databasePath)",
                    fix: "give the file the service uses with --database (or MOCEAN_NOTIFY_DATABASE)")
            ])
        }
        let database = try AppDatabase.open(path: configuration.databasePath)
        defer { try? database.close() }
        return try await examine(.sqlite(database, logger: logger), http: http, configuration: configuration)
    }

    private static func examine(
        _ storages: NotifierStorages, http: any HTTPTransport, configuration: ServeConfiguration
    ) async throws -> DoctorReport {
        let prepared = try await prepare(configuration, secrets: storages.endpointSecrets)
        let services = NotifierServices(
            storages: storages, transport: http, logger: Logger(label: "mocean-notify.doctor"),
            options: prepared.services)
        return await Doctor(services: services, transport: http, tokenConfigured: configuration.token != nil).examine()
    }
}
