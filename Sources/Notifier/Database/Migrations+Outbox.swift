import GRDB

extension AppDatabase {
    /// The store events received, the SMS they (and later broadcasts) make, each attempt at sending them,
    /// and the sender's settings.
    static func createEventsAndOutbox(_ db: Database) throws {
        let scopes = StoreEvent.allCases.map(\.scope)
        try db.create(table: "events") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("scope", .text).notNull().check { scopes.contains($0) }
            // The webhook's `hash`, or `derived:` + scope, created_at and data when it has none: one row per
            // delivery of the same event, however often it is delivered.
            table.column("dedupe_key", .text).notNull().unique()
            table.column("store_id", .text)
            // `data.id` and the order it belongs to, as the history shows them.
            table.column("event_id", .text)
            table.column("order_id", .text)
            table.column("payload", .text).notNull()
            table.column("resources", .text)
            table.column("created_at", .integer)
            table.column("received_at", .datetime).notNull()
            table.column("state", .text).notNull().check { ["received", "processed"].contains($0) }
            table.column("processed_at", .datetime)
            table.column("note", .text)
        }
        try db.create(index: "events_waiting", on: "events", columns: ["state", "id"])
        try db.create(table: "messages") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("origin", .text).notNull().check { ["event", "broadcast"].contains($0) }
            table.column("event_ref", .integer).references("events", onDelete: .restrict)
            table.column("broadcast_id", .integer)
            table.column("audience", .text).check { ["admin", "customer"].contains($0) }
            // The webhook scope, or `SMS Broadcast`.
            table.column("event_type", .text).notNull()
            table.column("event_id", .text)
            table.column("order_id", .text)
            table.column("sender", .text)
            table.column("text", .text).notNull()
            // The number as found (typed by an admin, in the order's address...) and the digits sent.
            table.column("recipient_typed", .text)
            table.column("recipient", .text).notNull()
            table.column("encoding", .text).notNull().check { ["GSM-7", "UCS-2"].contains($0) }
            table.column("parts", .integer).notNull().check { $0 >= 0 }
            table.column("state", .text).notNull().check {
                ["queued", "sending", "sent", "delivered", "failed", "expired", "skipped", "unknown", "cancelled"]
                    .contains($0)
            }
            // Our words, for a row never sent or whose outcome is not known.
            table.column("reason", .text)
            table.column("attempts", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
            table.column("next_attempt_at", .datetime)
            // 0: an event's SMS; 1: a broadcast's. Lower goes first.
            table.column("priority", .integer).notNull().defaults(to: 0)
            table.column("gateway_status", .integer)
            // The gateway's own words.
            table.column("gateway_response", .text)
            table.column("msgid", .text)
            table.column("delivered_at", .datetime)
            table.column("status_checks", .integer).notNull().defaults(to: 0)
            table.column("next_status_check_at", .datetime)
            table.column("created_at", .datetime).notNull()
            table.column("updated_at", .datetime).notNull()
            // A recipient gets one row per event and audience, whatever replays or restarts happen.
            table.uniqueKey(["event_ref", "audience", "recipient"])
        }
        try db.create(index: "messages_due", on: "messages", columns: ["state", "priority", "next_attempt_at", "id"])
        try db.create(index: "messages_by_event", on: "messages", columns: ["event_ref"])
        try db.create(index: "messages_by_msgid", on: "messages", columns: ["msgid"])
        try db.create(index: "messages_status_checks", on: "messages", columns: ["state", "next_status_check_at"])
        try db.create(table: "message_attempts") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("message_id", .integer).notNull().references("messages", onDelete: .cascade)
            table.column("number", .integer).notNull()
            table.column("started_at", .datetime).notNull()
            table.column("finished_at", .datetime)
            // sent, failed, retry (a transient failure), unknown, or cancelled.
            table.column("outcome", .text)
            table.column("gateway_status", .integer)
            table.column("response", .text)
            table.uniqueKey(["message_id", "number"])
        }
        try db.create(table: "outbox_settings") { table in
            table.primaryKey("id", .integer).check { $0 == 1 }
            table.column("rate_per_second", .double).notNull().check { $0 > 0 && $0 <= 10_000 }
            table.column("concurrency", .integer).notNull().check { $0 >= 1 && $0 <= 1024 }
            table.column("max_attempts", .integer).notNull().check { $0 >= 1 && $0 <= 100 }
            table.column("retry_base_seconds", .double).notNull().check { $0 > 0 && $0 <= 3600 }
            table.column("retry_max_seconds", .double).notNull().check { $0 > 0 && $0 <= 86_400 }
            table.column("paused", .boolean).notNull().defaults(to: false)
            table.column("updated_at", .datetime).notNull()
        }
    }
}
