import Foundation
import Logging

/// Broadcasts: planned and priced before they go, written in the background a batch at a time, sent by the
/// outbox after any event SMS, paused, resumed, cancelled and retried without ever reaching anyone twice.
public actor BroadcastService {
    private let storage: any BroadcastStorage
    /// The outbox, whose rate tells how long a broadcast takes.
    private let outbox: any OutboxStorage
    private let account: AccountService
    private let sender: OutboxSender
    /// Rung when a broadcast has rows to write.
    private let toWrite: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// Makes and checks the confirmations of dry runs.
    private let confirmations: BroadcastConfirmation
    /// The stores' quiet hours, counted in when the last SMS goes out.
    private let quietHours: QuietHoursService?

    /// The broadcasts in the SQLite database.
    public init(
        database: AppDatabase, account: AccountService, sender: OutboxSender, toWrite: Doorbell, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteBroadcastStorage(database: database), outbox: SQLiteOutboxStorage(database: database),
            account: account, sender: sender, toWrite: toWrite, logger: logger, now: now)
    }

    /// The broadcasts in `storage`, sent by `sender` through `outbox`.
    public init(
        storage: any BroadcastStorage, outbox: any OutboxStorage, account: AccountService, sender: OutboxSender,
        toWrite: Doorbell, logger: Logger, confirmations: BroadcastConfirmation = .ofThisProcess(),
        quietHours: QuietHoursService? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.confirmations = confirmations
        self.quietHours = quietHours
        self.storage = storage
        self.outbox = outbox
        self.account = account
        self.sender = sender
        self.toWrite = toWrite
        self.logger = logger
        self.now = now
    }

    /// A broadcast that costs more than the balance, refused.
    public struct BalanceTooLow: Error, Sendable, Equatable {
        public let cost: BroadcastCost
    }

    /// One recipient as the SMS will read.
    public struct Sample: Sendable, Equatable {
        public let to: String
        public let message: String
    }

    /// What `broadcast.send` answers.
    public struct Outcome: Sendable {
        /// Nil for a dry run.
        public let broadcast: BroadcastRecord?
        /// False when the idempotency key named a broadcast made before: that one is answered.
        public let created: Bool
        public let recipients: Int
        public let toSend: Int
        public let skipped: [String: Int]
        public let duplicates: Int
        public let parts: Int
        public let encoding: String
        /// Nil when the gateway could not price it (`costError` says why).
        public let cost: BroadcastCost?
        public let costError: String?
        /// How long sending takes at the outbox's configured rate.
        public let estimatedSeconds: Double
        public let samples: [Sample]
        /// When the last SMS is expected to go out, at the outbox's rate and counting the store's quiet hours in
        /// each recipient's local time; nil when nothing is to be sent (or for a broadcast made before).
        public var lastSendAt: Date? = nil
        /// The store's quiet hours when it has a window (they were counted in `lastSendAt`).
        public var quietHours: QuietHours? = nil
        /// What a send of the same broadcast within ``BroadcastConfirmation/validity`` may give as its
        /// confirmation: answered with every preview (a dry run, or a send refused for want of one).
        public var confirmation: String? = nil
        /// Why a send that must be confirmed was not made: the outcome is then its dry run.
        public var confirmationRefusal: BroadcastConfirmation.Refusal? = nil
    }

    /// Plans `request`; with `dryRun` answers its counts and cost, else stores the broadcast and lets the writer
    /// write its rows, answering at once.
    ///
    /// - Throws: ``ValidationError`` naming a field; ``BalanceTooLow`` when it costs more than the balance and
    ///   `allowPartial` is not given.
    public func send(_ given: BroadcastRequest, store: StoreID) async throws -> Outcome {
        var request = try given.checked()
        // A confirmed send made again (an assistant's retry) answers the broadcast it made, never a second one.
        if request.requiresConfirmation, request.idempotencyKey == nil, !request.dryRun,
            let confirmation = request.confirmation
        {
            request.idempotencyKey = BroadcastConfirmation.idempotencyKey(of: confirmation)
        }
        if let key = request.idempotencyKey, !request.dryRun,
            let earlier = try await storage.broadcast(idempotencyKey: key, store: store)
        {
            return outcome(of: earlier)
        }
        let settings = try await account.settings(of: store)
        let policy = PhonePolicy.customers(settings)
        let plan = try await storage.read(BroadcastPlan(request.recipients, policy: policy), store: store)
        let length = SMSLength.measure(request.message)
        let (cost, costError) = await price(digits: plan.toSendDigits, parts: length.parts, store: store)
        let rate = try await outbox.settings(now: now()).ratePerSecond
        let hours = try await quietHours?.hours(of: store) ?? .none
        let start = max(request.scheduleAt ?? now(), now())
        let lastSendAt = hours.lastSendTime(digits: plan.toSendDigits, start: start, ratePerSecond: rate)
        let samples = plan.toSendDigits.prefix(3).map { Sample(to: $0, message: request.message) }
        let sender = request.sender ?? settings.sender
        let subject = BroadcastConfirmation.Subject(
            store: store, message: request.message, sender: sender ?? "", digits: plan.toSendDigits,
            scheduleAt: request.scheduleAt, allowPartial: request.allowPartial)
        var preview = Outcome(
            broadcast: nil, created: false, recipients: plan.given, toSend: plan.toSend,
            skipped: plan.skippedByReason, duplicates: plan.duplicates, parts: length.parts,
            encoding: length.encoding.rawValue, cost: cost, costError: costError,
            estimatedSeconds: Double(plan.toSend) / Double(max(rate, 1)), samples: Array(samples),
            lastSendAt: lastSendAt, quietHours: hours.window == nil ? nil : hours,
            confirmation: confirmations.make(for: subject, at: now()))
        if request.dryRun {
            MemoryRelease.returnFreedMemory()
            return preview
        }
        // A send that must be confirmed, and is not (or not for this broadcast): answered with its dry run.
        if request.requiresConfirmation,
            let refusal = confirmations.check(request.confirmation, for: subject, now: now())
        {
            MemoryRelease.returnFreedMemory()
            preview.confirmationRefusal = refusal
            return preview
        }
        if let cost, cost.covered == false, !request.allowPartial { throw BalanceTooLow(cost: cost) }
        let time = now()
        var record = BroadcastRecord(
            id: nil, store: store.rawValue, message: request.message, sender: sender,
            audience: request.recipients.audience,
            recipients: plan.encoded, state: .writing, idempotencyKey: request.idempotencyKey,
            scheduleAt: request.scheduleAt, written: 0, recipientCount: plan.count, toSend: plan.toSend,
            skipped: plan.count - plan.toSend, duplicates: plan.duplicates, parts: length.parts,
            encoding: length.encoding.rawValue, createdAt: time, startedAt: nil, finishedAt: nil, updatedAt: time,
            unitCost: cost?.perMessage(of: plan.toSend), currency: cost?.currency)
        // The same key stored meanwhile: that one stands.
        let stored = try await storage.insert(record)
        record = stored.0
        record.recipients = ""
        // The plan of a large broadcast took tens of megabytes, freed now: give them back to the system.
        MemoryRelease.returnFreedMemory()
        guard stored.1 else { return outcome(of: record) }
        logger.info("broadcast \(record.id ?? 0): \(plan.toSend) to send, \(record.skipped) skipped")
        toWrite.ring()
        return Outcome(
            broadcast: record, created: true, recipients: preview.recipients, toSend: preview.toSend,
            skipped: preview.skipped, duplicates: preview.duplicates, parts: preview.parts,
            encoding: preview.encoding, cost: cost, costError: costError, estimatedSeconds: preview.estimatedSeconds,
            samples: preview.samples, lastSendAt: preview.lastSendAt, quietHours: preview.quietHours)
    }

    private func outcome(of record: BroadcastRecord) -> Outcome {
        Outcome(
            broadcast: record, created: false, recipients: record.recipientCount + record.duplicates,
            toSend: record.toSend, skipped: [:], duplicates: record.duplicates, parts: record.parts,
            encoding: record.encoding, cost: nil, costError: "not priced again: the broadcast exists",
            estimatedSeconds: 0, samples: [])
    }

    /// The cost from the gateway's pricing and balance, or why it could not be had.
    private func price(digits: [String], parts: Int, store: StoreID) async -> (BroadcastCost?, String?) {
        do {
            let settings = try await account.settings(of: store)
            guard let client = await account.client(for: settings) else {
                return (nil, "the account is not configured: set apiToken, or apiKey and apiSecret")
            }
            let prices = try await client.pricing()
            let balance = try? await account.balance(of: store)
            return (BroadcastCost.estimate(digits: digits, parts: parts, prices: prices, balance: balance), nil)
        } catch {
            return (nil, "the gateway could not price it: \(error)")
        }
    }

    /// A broadcast and its rows by state.
    public struct Status: Sendable {
        public let broadcast: BroadcastRecord
        public let messages: [MessageState: Int]

        public init(broadcast: BroadcastRecord, messages: [MessageState: Int]) {
            self.broadcast = broadcast
            self.messages = messages
        }
    }

    /// `store`'s broadcast `id` with its rows counted by state; nil when it has none (another store's is none of
    /// its).
    public func status(id: Int64, store: StoreID) async throws -> Status? {
        try await storage.status(id: id, store: store)
    }

    /// `store`'s broadcasts newest first, `limit` of them, before `before` when given.
    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [Status] {
        try await storage.list(limit: limit, before: before, store: store)
    }

    /// Why a change of a broadcast's state was refused.
    public struct StateRefusal: Error, Sendable, Equatable {
        public let id: Int64
        public let state: BroadcastRecord.State
        public let action: String
    }

    /// Holds the broadcast: its queued rows wait (their due time is cleared), rows written meanwhile too.
    public func pause(id: Int64, store: StoreID) async throws -> Status? {
        try await change(id: id, store: store, action: "pause", from: [.writing, .running]) { record, _ in
            BroadcastStateChange(state: .paused, finishedAt: record.finishedAt, queuedRows: .hold)
        }
    }

    /// Sends again what pause held: every queued row is due now (or at the schedule, when later).
    public func resume(id: Int64, store: StoreID) async throws -> Status? {
        let status = try await change(id: id, store: store, action: "resume", from: [.paused]) { record, time in
            BroadcastStateChange(
                state: record.written < record.recipientCount ? .writing : .running, finishedAt: record.finishedAt,
                queuedRows: .release(due: max(record.scheduleAt ?? time, time)))
        }
        toWrite.ring()
        await sender.wake()
        return status
    }

    /// Stops the broadcast: its queued rows become `cancelled`, rows not yet written never are; nothing sent is
    /// touched.
    public func cancel(id: Int64, store: StoreID) async throws -> Status? {
        try await change(id: id, store: store, action: "cancel", from: [.writing, .running, .paused]) { _, time in
            BroadcastStateChange(state: .cancelled, finishedAt: time, queuedRows: .cancel)
        }
    }

    /// Queues again exactly the rows that failed or expired (and those left `unknown` when asked: their SMS may
    /// have gone); never a row delivered or sent. Returns how many.
    public func retryFailed(id: Int64, includeUnknown: Bool, store: StoreID) async throws -> Int? {
        let states: [MessageState] = [.failed, .expired] + (includeUnknown ? [.unknown] : [])
        guard let ids = try await storage.rows(of: id, in: states, store: store) else { return nil }
        let outcomes = try await sender.retry(ids: ids, store: store)
        let queued = outcomes.count { $0.1 == .queued }
        if queued > 0 { try await storage.reopen(id: id, store: store, now: now()) }
        return queued
    }

    /// Changes `store`'s broadcast `id` as `decide` says, if its committed state is one of `allowed`.
    private func change(
        id: Int64, store: StoreID, action: String, from allowed: Set<BroadcastRecord.State>,
        _ decide: @escaping @Sendable (BroadcastRecord, Date) -> BroadcastStateChange
    ) async throws -> Status? {
        let time = now()
        return try await storage.change(id: id, store: store, now: time) { record in
            guard allowed.contains(record.state) else {
                throw StateRefusal(id: id, state: record.state, action: action)
            }
            return decide(record, time)
        }
    }
}
