import Foundation
import Logging
import Notifier
import PostgresNIO

/// The low-balance alerts in PostgreSQL. A change locks the store's row first, so that instances seeing the
/// same fall of the balance at once raise the alert once.
public struct PostgresBalanceAlertStorage: BalanceAlertStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func load(of store: StoreID) async throws -> BalanceAlertState? {
        try await Self.read(client.query(Self.select(store, lock: false), logger: logger)).first
    }

    public func all() async throws -> [BalanceAlertState] {
        try await Self.read(client.query("\(unescaped: Self.columns) FROM balance_alerts ORDER BY id", logger: logger))
    }

    public func configure(of store: StoreID, threshold: LowBalanceThreshold?, now: Date) async throws
        -> BalanceAlertState?
    {
        try await client.transaction(logger: logger) { connection in
            let stored = try await Self.read(connection.query(Self.select(store, lock: true), logger: logger)).first
            guard let threshold else {
                try await connection.query("DELETE FROM balance_alerts WHERE id = \(store.rawValue)", logger: logger)
                return nil
            }
            let state =
                stored.map { $0.keeping(threshold, now: now) }
                ?? BalanceAlertState(store: store, threshold: threshold, now: now)
            try await Self.save(state, on: connection, logger: logger)
            return state
        }
    }

    public func record(
        of store: StoreID, _ change: @Sendable (BalanceAlertState) -> (BalanceAlertState, [MessageRecord])
    ) async throws -> (state: BalanceAlertState, queued: Int)? {
        try await client.transaction(logger: logger) { connection in
            guard
                let stored = try await Self.read(connection.query(Self.select(store, lock: true), logger: logger))
                    .first
            else { return nil }
            let (state, messages) = change(stored)
            try await Self.save(state, on: connection, logger: logger)
            let inserted = try await PostgresMessageRows.insert(messages, on: connection, logger: logger)
            let queued = inserted > 0 ? messages.filter { $0.state == .queued }.count : 0
            if queued > 0 { try await connection.query(PostgresDoorbells.notify(.queued), logger: logger) }
            return (state, queued)
        }
    }

    private static let columns =
        "SELECT id, below, currency, alerted_at, last_balance, last_currency, last_checked_at, updated_at"

    private static func select(_ store: StoreID, lock: Bool) -> PostgresQuery {
        "\(unescaped: columns) FROM balance_alerts WHERE id = \(store.rawValue) \(unescaped: lock ? "FOR UPDATE" : "")"
    }

    private static func save(_ state: BalanceAlertState, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO balance_alerts (id, below, currency, alerted_at, last_balance, last_currency,
                last_checked_at, updated_at)
            VALUES (\(state.id), \(state.below), \(state.currency), \(state.alertedAt), \(state.lastBalance),
                \(state.lastCurrency), \(state.lastCheckedAt), \(state.updatedAt))
            ON CONFLICT (id) DO UPDATE SET below = excluded.below, currency = excluded.currency,
                alerted_at = excluded.alerted_at, last_balance = excluded.last_balance,
                last_currency = excluded.last_currency, last_checked_at = excluded.last_checked_at,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    private static func read(_ rows: PostgresRowSequence) async throws -> [BalanceAlertState] {
        var states: [BalanceAlertState] = []
        for try await row in rows {
            let (id, below, currency, alerted, balance, balanceCurrency, checked, updated) = try row.decode(
                (Int64, String, String?, Date?, String?, String?, Date?, Date).self)
            states.append(
                BalanceAlertState(
                    id: id, below: below, currency: currency, alertedAt: alerted, lastBalance: balance,
                    lastCurrency: balanceCurrency, lastCheckedAt: checked, updatedAt: updated))
        }
        return states
    }
}
