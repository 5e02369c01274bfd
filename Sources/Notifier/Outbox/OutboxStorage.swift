import Foundation

/// Where the outbox's rows live: the sender's reads and writes, each change of a row's state one transaction.
///
/// On a database shared by several instances, a row is first *taken* by one instance (``takeDue(limit:excluding:now:)``),
/// then *claimed* (`sending`, its try recorded) just before its request leaves; no two instances ever take the
/// same row, and an instance that dies leaves its rows to ``recoverInterrupted(now:)`` of the others.
public protocol OutboxStorage: Sendable {
    /// The stored settings, or the defaults (saved) when there are none yet.
    func settings(now: Date) async throws -> OutboxSettings
    /// Saves `settings` for every instance.
    func save(_ settings: OutboxSettings) async throws
    /// Resolves the rows of senders that stopped: rows left `sending` (their request may or may not have reached
    /// the gateway) become `unknown` with `reason`, never resent silently; rows only taken go back to the queue.
    /// Only the rows of senders that are gone: a live instance's rows are never touched. Returns how many
    /// became `unknown`.
    func recoverInterrupted(now: Date, reason: String) async throws -> Int
    /// Takes up to `limit` rows due at `now` for this sender, events before broadcasts, oldest first, leaving out
    /// the rows of the stores `excluding` names and the rows another sender has taken.
    func takeDue(limit: Int, excluding: Set<StoreID>, now: Date) async throws -> [(id: Int64, store: StoreID)]
    /// Gives back taken rows that were not claimed (their store was held meanwhile): any sender may take them.
    func release(ids: [Int64]) async throws
    /// When the next queued row that nobody has taken falls due, leaving out the stores `excluding` names; nil
    /// when none is queued.
    func nextDueTime(excluding: Set<StoreID>) async throws -> Date?
    /// Marks the rows `sending` and records their tries, committed before any request leaves (one transaction
    /// for the batch); rows no longer queued or no longer this sender's are left out.
    func claim(ids: [Int64], now: Date) async throws -> [MessageRecord]
    /// Records the outcomes of tries, one transaction for the batch; returns the rows as saved (a row no longer
    /// `sending` is left as it is).
    func settle(_ settlements: [Settlement], now: Date) async throws -> [MessageRecord]
    /// How many rows (of `store`, or of every store when nil) are in each state.
    func counts(of store: StoreID?) async throws -> [MessageState: Int]
    /// When the oldest row still queued (of `store`, or of every store when nil) was made.
    func oldestQueued(of store: StoreID?) async throws -> Date?
    /// Queues again `store`'s rows among `ids` that may be retried (``MessageState/canBeRetried``), due at
    /// `now`, with `reason`; the outcome for each id.
    func requeue(ids: [Int64], store: StoreID, now: Date, reason: String) async throws -> [(Int64, RetryOutcome)]
    /// How many senders share the outbox now, this one included: each sends at its share of the configured rate,
    /// so that the gateway's throttle holds across instances.
    func sharingSenders() async throws -> Int
}

/// One try's outcome as the outbox records it: the row as the decision leaves it, and the try's record.
public struct Settlement: Sendable {
    /// The row as it is to be saved.
    public let row: MessageRecord
    /// The try's number (the row's `attempts` when it was claimed).
    public let attempt: Int
    /// The try's outcome in a word: `sent`, `retry`, `failed`, `held` or `unknown`.
    public let outcome: String
    /// What the gateway said (or our words), and its status.
    public let response: String?
    public let gatewayStatus: Int?
    /// The try did not count (a balance hold): its record goes, so that numbers stay in step with `attempts`.
    public let forgetsAttempt: Bool

    /// The settlement of `row`'s try as `decision` leaves it at `now`.
    public init(_ row: MessageRecord, _ decision: SendDecision, now: Date, statusCheckAfter: Duration?) {
        var current = row
        attempt = row.attempts
        var forgets = false
        switch decision {
        case .sent(let msgid):
            current.state = .sent
            current.msgid = msgid
            current.gatewayStatus = 0
            current.gatewayResponse = "Message sent"
            current.reason = nil
            current.nextStatusCheckAt = statusCheckAfter.map { now.addingTimeInterval($0.seconds) }
            outcome = "sent"
            (response, gatewayStatus) = ("Message sent", 0)
        case .retry(let delay, let response, let status, _):
            current.state = .queued
            current.nextAttemptAt = now.addingTimeInterval(delay.seconds)
            current.gatewayResponse = response
            current.gatewayStatus = status
            outcome = "retry"
            (self.response, gatewayStatus) = (response, status)
        case .failed(let response, let status, let reason):
            current.state = .failed
            current.gatewayResponse = response
            current.gatewayStatus = status
            current.reason = reason
            outcome = "failed"
            (self.response, gatewayStatus) = (response, status)
        case .holdForBalance(let response, let status):
            current.state = .queued
            current.attempts -= 1
            current.gatewayResponse = response
            current.gatewayStatus = status
            outcome = "held"
            forgets = true
            (self.response, gatewayStatus) = (response, status)
        case .wait(let until, let reason):
            current.state = .queued
            current.attempts -= 1
            current.nextAttemptAt = until
            current.reason = reason
            outcome = "held"
            forgets = true
            (response, gatewayStatus) = (reason, nil)
        case .unknown(let reason):
            current.state = .unknown
            current.reason = reason
            outcome = "unknown"
            (response, gatewayStatus) = (reason, nil)
        }
        current.updatedAt = now
        self.row = current
        forgetsAttempt = forgets
    }
}

/// What `messages.retry` did with one id.
public enum RetryOutcome: Sendable, Equatable {
    case queued
    case notFound
    /// Only `failed`, `unknown` and `expired` rows are sent again.
    case notRetriable(MessageState)
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
