/// The tables that hold a store's rows, as every storage's schema names them: what erasing a store deletes.
public enum StoreTables {
    /// The tables of a store's rows (a `store` column), in the order they can be deleted: what refers to a row
    /// first.
    public static let owned = [
        "message_attempts", "messages", "events", "broadcasts", "customers", "opt_outs", "notification_events",
        "admin_numbers", "order_statuses", "console_sessions",
    ]
    /// The tables of a store's settings, one row per store keyed by its id.
    public static let keyedSettings = [
        "account_settings", "history_settings", "opt_out_settings", "customer_sync", "balance_alerts", "quiet_hours",
    ]

    /// The condition under which an install may take the first store: never connected to a store, no MoceanAPI
    /// credentials, nothing sent, received or kept (a query of `stores` answering its id).
    public static let untouchedFirstStore = """
        SELECT id FROM stores WHERE id = 1 AND store_hash IS NULL AND access_token IS NULL
        AND NOT EXISTS (SELECT 1 FROM account_settings WHERE id = 1
            AND (api_key IS NOT NULL OR api_secret IS NOT NULL OR api_token IS NOT NULL))
        """
        + ["events", "messages", "customers", "broadcasts", "opt_outs"].map {
            " AND NOT EXISTS (SELECT 1 FROM \($0) WHERE store = 1)"
        }.joined()
}
