import Foundation

/// Where the store events live: stored before they are answered, taken by one processor, and made into SMS rows
/// in the same transaction that marks them processed.
///
/// On a database shared by several instances, a waiting event is taken by one instance's processor at a time;
/// the events of an instance that dies are given back when its lease runs out.
public protocol EventStorage: Sendable {
    /// Stores each of `events` (with its store) unless the same event is stored already, in one transaction, in
    /// order; wakes every instance's processor when any is new.
    func store(_ events: [(IncomingEvent, StoreID)], now: Date) async throws -> [EventStore.IngestOutcome]
    /// One of `store`'s events with the SMS it produced, oldest first; nil when `store` has no such event.
    func event(id: Int64, store: StoreID) async throws -> (event: EventRecord, messages: [MessageRecord])?
    /// `store`'s events newest first, `limit` of them, before the event `before` when given (a keyset page),
    /// each with how many of its SMS are in each state.
    func list(limit: Int, before: Int64?, store: StoreID) async throws -> [(
        event: EventRecord, messages: [MessageState: Int]
    )]
    /// Takes up to `limit` events waiting to be processed (those waiting for the store only once their next try
    /// is due), oldest first, leaving out those another processor has taken.
    func takeWaiting(limit: Int, now: Date) async throws -> [EventRecord]
    /// Saves the look-up schedule of events that wait for the store, and gives them back.
    func saveProgress(_ events: [EventRecord]) async throws
    /// Gives back taken events that were not processed (a pass failed).
    func release(ids: [Int64]) async throws
    /// Makes each of `events` (still waiting) into the rows `planner` plans for it and marks it processed, in one
    /// transaction: the order statuses it observed recorded, the opt-outs of its store applied. An event
    /// processed meanwhile is left alone. True when any row was queued; wakes every instance's sender then.
    func process(_ events: [(EventRecord, EventMessages.Lookups)], planner: EventPlanner, now: Date) async throws
        -> Bool
}

/// The domain's decisions the event storage applies inside its transaction: what an event sends given what the
/// database holds (the order's last status seen, the store's opt-outs). Pure functions of their inputs.
public struct EventPlanner: Sendable {
    /// Each store's settings the events are planned with.
    public let settings: [StoreID: EventMessages.Settings]

    public init(settings: [StoreID: EventMessages.Settings]) {
        self.settings = settings
    }

    /// The order status an event's look-ups observed, to record.
    public struct ObservedStatus: Sendable, Equatable {
        public let orderID: String
        public let statusID: Int?
        public let status: String?
    }

    /// The status of the event's order as its look-ups found it; nil when they found no order.
    public func observedStatus(_ event: EventRecord, lookups: EventMessages.Lookups) -> ObservedStatus? {
        guard let order = lookups.resources?["order"], let orderID = event.orderID else { return nil }
        let statusID = order["status_id"].flatMap { value -> Int? in
            if case .number(let number) = value { return number.integer() }
            return nil
        }
        return ObservedStatus(orderID: orderID, statusID: statusID, status: order["status"]?.stringValue)
    }

    /// The rows of `event` and its note, given the status of its order seen before (`previousStatusID`, when the
    /// order was seen before); nil when its store's settings are unknown.
    public func plan(
        _ event: EventRecord, lookups: EventMessages.Lookups, previousStatusID: Int??, now: Date
    ) -> (messages: [MessageRecord], note: String?)? {
        guard let settings = settings[StoreID(rawValue: event.store)] else { return nil }
        var lookups = lookups
        let observed = observedStatus(event, lookups: lookups)
        if event.scope == StoreEvent.orderUpdated.scope, let observed, case .some(.some(let before)) = previousStatusID,
            before == observed.statusID
        {
            lookups.unchangedStatus =
                "the order's status did not change (\(observed.status ?? "status \(before)")): this audience is told "
                + "of an order update only when its status changes"
        }
        return EventMessages.plan(event, settings: settings, now: now, lookups: lookups)
    }

    /// Whether `message` is one the store's opt-outs hold back when they apply to event SMS.
    public static func isHeldByOptOut(_ message: MessageRecord) -> Bool {
        message.audience == .customer && message.state == .queued
    }

    /// `message` skipped because its recipient opted out.
    public static func optedOut(_ message: MessageRecord) -> MessageRecord {
        var skipped = message
        skipped.state = .skipped
        skipped.reason = BroadcastPlan.optedOut + " (opt-outs apply to event SMS: optOut.configure)"
        skipped.nextAttemptAt = nil
        return skipped
    }
}
