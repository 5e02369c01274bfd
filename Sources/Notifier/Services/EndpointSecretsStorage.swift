import Foundation
import GRDB

/// Where the endpoints' secrets are kept: one row, written once.
public protocol EndpointSecretsStorage: Sendable {
    /// The stored secrets; `candidate` stored first, at `createdAt`, when there are none. Whoever stores first
    /// wins: every caller, on every instance, gets the same secrets.
    func loadOrInsert(_ candidate: EndpointSecrets, createdAt: Date) async throws -> EndpointSecrets
}

/// The endpoints' secrets in the SQLite database.
public struct SQLiteEndpointSecretsStorage: EndpointSecretsStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func loadOrInsert(_ candidate: EndpointSecrets, createdAt: Date) async throws -> EndpointSecrets {
        try await database.writer.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT delivery_report_path, webhook_header FROM endpoint_secrets WHERE id = 1")
            {
                return EndpointSecrets(deliveryReportPath: row[0], webhookHeader: row[1])
            }
            try db.execute(
                sql: """
                    INSERT INTO endpoint_secrets(id, delivery_report_path, webhook_header, created_at)
                    VALUES (1, ?, ?, ?)
                    """, arguments: [candidate.deliveryReportPath, candidate.webhookHeader, createdAt])
            return candidate
        }
    }
}
