import Foundation

/// Where each store's broadcasts live, and what they read and write of the directory, the opt-outs and the
/// outbox: the planning read, the broadcast's row, the changes of its state with what they do to its queued SMS
/// rows, and the writer's batches. The domain plans, prices and decides; a storage keeps the rows.
///
/// Broadcasts are read and changed through their store only (another store's broadcast is none of its); the
/// writer works through every store's broadcasts. On a database shared by several instances, each batch of a
/// broadcast's rows is written by one writer only, however many run.
public protocol BroadcastStorage: Sendable {
    /// Reads into `plan`, in one look at `store`, its opted-out numbers and then the customers the plan names,
    /// and answers it finished.
    func read(_ plan: BroadcastPlan, store: StoreID) async throws -> BroadcastPlan
    /// `store`'s broadcast made with `idempotencyKey`, without its planned recipients; nil when there is none.
    func broadcast(idempotencyKey: String, store: StoreID) async throws -> BroadcastRecord?
    /// Stores `broadcast` unless its store has one with the same idempotency key (stored meanwhile): the one
    /// stored, and whether it is `broadcast`.
    func insert(_ broadcast: BroadcastRecord) async throws -> (broadcast: BroadcastRecord, created: Bool)
    /// `store`'s broadcast `id` with its rows counted by state; nil when it has none with that id.
    func status(id: Int64, store: StoreID) async throws -> BroadcastService.Status?
    /// `store`'s broadcasts newest first, `limit` of them, before `before` when given, with their rows counted.
    func list(limit: Int, before: Int64?, store: StoreID) async throws -> [BroadcastService.Status]
    /// Changes `store`'s broadcast `id` as `decide` says of it as committed (it throws to refuse), with what the
    /// change does to its queued rows, in one transaction; the broadcast then, or nil when `store` has none with
    /// that id.
    func change(
        id: Int64, store: StoreID, now: Date,
        _ decide: @Sendable (BroadcastRecord) throws -> BroadcastStateChange
    ) async throws -> BroadcastService.Status?
    /// The ids of the rows of `store`'s broadcast `id` in one of `states`; nil when `store` has no broadcast `id`.
    func rows(of id: Int64, in states: [MessageState], store: StoreID) async throws -> [Int64]?
    /// Makes `store`'s broadcast `id` `running` again if it was `finished` (rows of it were queued again).
    func reopen(id: Int64, store: StoreID, now: Date) async throws

    /// The broadcasts (of every store) with rows still to write, `writing` or `paused`, oldest first.
    func toWrite() async throws -> [Int64]
    /// Broadcast `id` as the writer reads it: its record (without recipients) and its planned recipients' text.
    func forWriting(id: Int64) async throws -> (broadcast: BroadcastRecord, recipients: String)?
    /// Writes one batch of broadcast `id`'s rows in one transaction, if its committed progress is still `from`
    /// and it is still being written (`writing` or `paused`): inserts the rows `rows` makes for its committed
    /// state (a row that exists already is not written again), and moves its progress to `end`, a `writing`
    /// broadcast becoming `running` when `finished`. Answers `end`; nil when the batch was not this writer's to
    /// write (another writer has it or wrote it, or the broadcast was cancelled meanwhile).
    func writeBatch(
        of id: Int64, from: Int, to end: Int, finished: Bool, now: Date,
        rows: @Sendable (BroadcastRecord.State) -> [MessageRecord]
    ) async throws -> Int?
    /// Broadcasts `running` whose rows are all written and none of them queued or sending become `finished`.
    func markFinished(now: Date) async throws
}

/// A change of a broadcast's state as a storage applies it: the broadcast's new state and end, and what becomes
/// of its queued rows.
public struct BroadcastStateChange: Sendable {
    /// What becomes of a broadcast's queued rows.
    public enum QueuedRows: Sendable, Equatable {
        /// They wait: they are due at no time.
        case hold
        /// The held ones are due at `due`.
        case release(due: Date)
        /// They become `cancelled`, with the reason; rows not written yet never will be.
        case cancel
    }

    public let state: BroadcastRecord.State
    public let finishedAt: Date?
    public let queuedRows: QueuedRows

    public init(state: BroadcastRecord.State, finishedAt: Date?, queuedRows: QueuedRows) {
        self.state = state
        self.finishedAt = finishedAt
        self.queuedRows = queuedRows
    }
}
