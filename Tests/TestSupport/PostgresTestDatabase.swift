import Foundation
import Logging
import NotifierPostgres
import PostgresNIO

/// A fresh database on the throwaway cluster `scripts/test` starts (`MOCEAN_NOTIFY_TEST_POSTGRES_URL`), dropped
/// afterwards.
public enum PostgresTestDatabase {
    /// The cluster's URL, when the tests were given one.
    public static let url = ProcessInfo.processInfo.environment["MOCEAN_NOTIFY_TEST_POSTGRES_URL"]

    public static let logger = Logger(label: "postgres-test")

    /// Runs `body` with a pool to a client of `location`, then shuts it down.
    public static func withClient<Result: Sendable>(
        _ location: PostgresLocation, _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// `location` as the URL `serve --database` takes (the test cluster trusts loopback: no password).
    public static func url(of location: PostgresLocation) -> String {
        "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
    }

    /// Runs `body` with a new, empty database's location, then drops the database.
    public static func withFreshDatabase<Result: Sendable>(_ body: (PostgresLocation) async throws -> Result)
        async throws -> Result
    {
        guard let url else { throw PostgresTestFailure("MOCEAN_NOTIFY_TEST_POSTGRES_URL is not set") }
        let cluster = try PostgresLocation(url: url)
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withClient(cluster) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var location = cluster
        location.database = name
        do {
            let result = try await body(location)
            try await drop(name, cluster: cluster)
            return result
        } catch {
            try? await drop(name, cluster: cluster)
            throw error
        }
    }

    private static func drop(_ name: String, cluster: PostgresLocation) async throws {
        try await withClient(cluster) { admin in
            try await admin.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }
}

public struct PostgresTestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
