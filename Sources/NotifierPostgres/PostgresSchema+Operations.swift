extension PostgresSchema {
    /// Each store's low-balance alert and quiet hours (the SQLite schema's `v16 low-balance alerts and quiet
    /// hours`).
    static let v5 = [
        "ALTER TABLE outbox_settings ADD COLUMN pause_reason text",
        """
        CREATE TABLE balance_alerts (
            id bigint PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
            below text NOT NULL, currency text CHECK (length(currency) = 3), alerted_at timestamptz,
            last_balance text, last_currency text, last_checked_at timestamptz, updated_at timestamptz NOT NULL)
        """,
        """
        CREATE TABLE quiet_hours (
            id bigint PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
            window_start integer CHECK (window_start >= 0 AND window_start < 1440),
            window_end integer CHECK (window_end >= 0 AND window_end < 1440),
            store_time_zone text NOT NULL, events text NOT NULL DEFAULT '', updated_at timestamptz NOT NULL)
        """,
    ]
}
