import Foundation
import PostgresNIO

/// Where a PostgreSQL database is and how to reach it: `postgres://user[:password]@host[:port]/database` (or
/// `postgresql://`), with `?sslmode=disable|prefer|require|verify-full`. What the URL leaves out comes from the
/// usual `PG*` environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`), then from
/// PostgreSQL's defaults (localhost, 5432, the database named as the user). A password file, when given, wins
/// over the environment but not over the URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it, without verifying the certificate.
        case prefer
        /// Always, without verifying the certificate (libpq's `require`).
        case require
        /// Always, with the certificate verified against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// Never shown and never logged.
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Why a database URL was not taken.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong, naming the part and what is accepted.
        public let description: String
    }

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// The location `url` names, completed from `environment` and the password file's `filePassword`.
    ///
    /// - Throws: ``Invalid`` naming the part of the URL that is not acceptable.
    public init(url: String, environment: [String: String] = [:], filePassword: String? = nil) throws(Invalid) {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw Invalid(
                description: "--database: not a PostgreSQL URL; give postgres://user@host:port/database (a path "
                    + "keeps SQLite)")
        }
        let environmentPort = environment["PGPORT"].flatMap { Int($0) }
        let port = components.port ?? environmentPort ?? 5432
        guard (1...65535).contains(port) else {
            throw Invalid(description: "--database: port \(port) is out of range: give 1 to 65535")
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? "postgres"
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else {
            throw Invalid(description: "--database: the path must be one database name, not \(path.prefix(80))")
        }
        var mode = environment["PGSSLMODE"] ?? "prefer"
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode": mode = item.value ?? ""
            case "application_name", "connect_timeout": continue
            default:
                throw Invalid(
                    description: "--database: the URL's parameter \(item.name.prefix(40)) is not taken: give sslmode "
                        + "(disable, prefer, require or verify-full)")
            }
        }
        guard let tls = TLSMode(rawValue: mode) else {
            throw Invalid(
                description: "--database: sslmode \(mode.prefix(40)) is not taken: give disable, prefer, require or "
                    + "verify-full")
        }
        self.host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        self.port = port
        self.user = user
        self.password = components.password ?? filePassword ?? environment["PGPASSWORD"]
        self.database = path.isEmpty ? (environment["PGDATABASE"] ?? user) : path
        self.tls = tls
    }

    /// The address, the user and the database; never the password.
    public var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database) (sslmode \(tls.rawValue))"
    }

    /// postgres-nio's configuration for a connection pool to this database.
    ///
    /// - Throws: when TLS cannot be set up (the system's roots cannot be read).
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable:
            tls = .disable
        case .prefer:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .prefer(configuration)
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .require(configuration)
        case .verifyFull:
            tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
