import Foundation

/// Where the history is read: a store's SMS rows searched, filtered, sorted and paged, one row with its tries,
/// and every matching row for an export.
///
/// Both backends answer a query alike: each word of the search must appear, in any case, anywhere in the
/// message, recipient, response, event type, sender, order id or event id (taken as text: `%`, `_`, quotes and
/// search syntax match themselves); rows are ordered by the query's column compared as bytes, missing values (NULL)
/// first when ascending, then by id; and only the query's store's rows are ever read.
public protocol HistoryStorage: Sendable {
    /// `limit` rows of `query` in its order after skipping `offset` of them, or, with `cursor`, the rows after
    /// the row with that id (in id order, the query's direction); and how many rows match, counting no further
    /// than `countLimit` when it is given.
    func page(_ query: HistoryQuery, limit: Int, offset: Int, after cursor: Int64?, countingUpTo countLimit: Int?)
        async throws -> (rows: [MessageRecord], counted: Int)
    /// How many rows match `query`, counting no further than `limit` when it is given.
    func count(_ query: HistoryQuery, upTo limit: Int?) async throws -> Int
    /// One of `store`'s SMS rows with every try at sending it, oldest first; nil when `store` has no such row.
    func message(id: Int64, store: StoreID) async throws -> (message: MessageRecord, attempts: [MessageAttemptRecord])?
    /// Runs `body` over every row of `query` in its order, as the text of ``HistoryColumns``' cells, starting
    /// from `state` and answering the state `body` leaves: once over all the rows, or once per page of them
    /// (each page's rows follow the last's), never holding every row at once. `body` is called at least once.
    func exportRows<State: Sendable>(
        _ query: HistoryQuery, from state: State,
        _ body: @escaping @Sendable (inout State, inout HistoryCells) throws -> Void
    ) async throws -> State
}

/// Where each store's retention setting lives, and how its old rows are removed.
public protocol HistoryRetentionStorage: Sendable {
    /// `store`'s retention setting; nil when it was never saved.
    func settings(of store: StoreID) async throws -> HistoryRetention.Settings?
    /// Saves a store's retention setting.
    func save(_ settings: HistoryRetention.Settings) async throws
    /// Every store's setting that has a retention.
    func settingsWithRetention() async throws -> [HistoryRetention.Settings]
    /// Removes up to `limit` of `store`'s settled SMS rows (never `queued`, `sending` or `unknown` ones) made
    /// before `date`, with their tries, in one transaction; how many rows went.
    func pruneMessages(before date: Date, store: StoreID, limit: Int) async throws -> Int
    /// Removes `store`'s processed events received before `date` that no SMS row refers to; how many went.
    func pruneEvents(before date: Date, store: StoreID) async throws -> Int
    /// Gives the space of removed rows back, where the database does not do it by itself.
    func reclaimSpace() async throws
    /// Records that `store` was pruned at `time`, keeping its retention.
    func markPruned(store: StoreID, at time: Date) async throws
}
