import Foundation
import Logging
import Notifier
import PostgresNIO

/// The endpoints' secrets in PostgreSQL. Instances starting together race to insert the one row; the losers'
/// inserts do nothing (`ON CONFLICT`), and each then reads the winner's row.
public struct PostgresEndpointSecretsStorage: EndpointSecretsStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func loadOrInsert(_ candidate: EndpointSecrets, createdAt: Date) async throws -> EndpointSecrets {
        try await client.query(
            """
            INSERT INTO endpoint_secrets (id, delivery_report_path, webhook_header, created_at)
            VALUES (1, \(candidate.deliveryReportPath), \(candidate.webhookHeader), \(createdAt))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        // A statement of its own: its snapshot sees whichever insert committed, this one or another instance's.
        let rows = try await client.query(
            "SELECT delivery_report_path, webhook_header FROM endpoint_secrets WHERE id = 1", logger: logger)
        for try await (path, header) in rows.decode((String, String).self) {
            return EndpointSecrets(deliveryReportPath: path, webhookHeader: header)
        }
        throw PostgresStorageError("the endpoints' secrets were neither inserted nor found")
    }
}
