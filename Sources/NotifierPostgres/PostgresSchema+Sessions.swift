extension PostgresSchema {
    /// The console's sessions in the database, so that a session opened on one instance is valid on every
    /// instance (the SQLite schema's `v15 console sessions`).
    static let v3 = [
        """
        CREATE TABLE console_sessions (
            digest text PRIMARY KEY CHECK (length(digest) = 64),
            kind text NOT NULL CHECK (kind IN ('cookie', 'page')),
            store bigint REFERENCES stores(id) ON DELETE CASCADE, "user" bigint,
            installed_at timestamptz, created_at timestamptz NOT NULL, last_use timestamptz NOT NULL)
        """,
        "CREATE INDEX console_sessions_by_use ON console_sessions (last_use)",
        "CREATE INDEX console_sessions_by_store ON console_sessions (store, \"user\")",
    ]
}
