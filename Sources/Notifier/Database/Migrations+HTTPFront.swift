import GRDB

extension AppDatabase {
    /// The HTTP front's state: the secrets of its endpoints, the store app's client secret (webhook signatures)
    /// and the error code of a delivery report.
    static func createHTTPFront(_ db: Database) throws {
        try db.create(table: "endpoint_secrets") { table in
            // One row, made at first start and never shown: the delivery reports' path secret and the value of
            // the header the store sends back with each webhook.
            table.primaryKey("id", .integer).check { $0 == 1 }
            table.column("delivery_report_path", .text).notNull().check { length($0) >= 32 }
            table.column("webhook_header", .text).notNull().check { length($0) >= 32 }
            table.column("created_at", .datetime).notNull()
        }
        try db.alter(table: "store_settings") { table in
            table.add(column: "client_secret", .text).check { length($0) > 0 }
        }
        try db.alter(table: "messages") { table in
            // The gateway's `mocean-error-code` of the delivery report, when one came.
            table.add(column: "delivery_error_code", .integer)
        }
    }
}
