extension PostgresSchema {
    /// Several instances on one database: each live instance holds a lease it renews; the rows an instance has
    /// taken (SMS about to be sent, events being processed) carry its id until they are settled, so that no
    /// other instance takes them, and the instances that outlive a lease resolve them.
    static let v2 = [
        """
        CREATE TABLE instances (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL, started_at timestamptz NOT NULL, lease_until timestamptz NOT NULL)
        """,
        "ALTER TABLE messages ADD COLUMN claimed_by bigint",
        "ALTER TABLE events ADD COLUMN claimed_by bigint",
        // The sender's look for due rows nobody has taken, in the order they go.
        """
        CREATE INDEX messages_due_untaken ON messages (priority, next_attempt_at, id)
            WHERE state = 'queued' AND claimed_by IS NULL
        """,
        "CREATE INDEX messages_taken ON messages (claimed_by) WHERE claimed_by IS NOT NULL",
        "CREATE INDEX events_taken ON events (claimed_by) WHERE claimed_by IS NOT NULL",
    ]
}
