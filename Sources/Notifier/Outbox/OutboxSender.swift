import Foundation
import Logging
import MoceanAPI
import ServiceLifecycle

/// Sends the queued SMS: due rows first by priority (events before broadcasts), then oldest; at most
/// `concurrency` in flight and `ratePerSecond` a second; every row marked `sending` in a committed transaction
/// before its request leaves, and settled with the gateway's answer after.
///
/// Each row goes through its own store's account. What one store's account answers holds that store's rows
/// only: a throttled answer sets its rows aside a moment (and slows the pace), an insufficient balance holds
/// them (they stay `queued`) and its balance is checked again every few minutes until it covers a message, an
/// account that cannot send (no credentials, no sender) holds them until its settings change.
public actor OutboxSender: Service {
    let store: any OutboxStorage
    private let gateways: any SMSGatewaySource
    let queued: Doorbell
    private let updates: MessageUpdates
    private let logger: Logger
    let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    /// How long the queue waits between balance checks while the balance is too low.
    let balanceCheckInterval: Duration
    /// How long after a send its delivery status is first asked, when no delivery report is expected.
    private let statusCheckAfter: Duration?
    /// Where the gateway posts delivery reports, when the service is reachable.
    private let deliveryReportURL: String?
    private let metrics: NotifierMetrics
    /// Told of the stores that send, and of the balances seen, for their low-balance alerts.
    private let balanceWatch: BalanceWatch?
    /// Each store's quiet hours: rows due inside them wait for the window.
    private let quietHours: QuietHoursService?
    private var quietHoursRead: [StoreID: (hours: QuietHours, at: ContinuousClock.Instant)] = [:]
    /// When each store was last told to the balance watch: at most every ``balanceNoteInterval``.
    private var balanceNotedAt: [StoreID: ContinuousClock.Instant] = [:]
    static let balanceNoteInterval: Duration = .seconds(10)

    var settings: OutboxSettings?
    /// How many senders share the outbox (``OutboxStorage/sharingSenders()``): this one sends at its share.
    private var sharingSenders = 1
    /// When the settings and the share were last read: another instance may have changed them.
    private var settingsReadAt = ContinuousClock.now
    /// How often the settings and the share are read again.
    static let settingsRefresh: Duration = .seconds(5)
    /// How many times a batch of outcomes the database refused is written again (waits of 0.5 s doubling: about
    /// 30 s in all).
    static let settleRetries = 6
    var inFlight = 0
    /// Why each held store's rows are not being sent.
    var holds: [StoreID: Hold] = [:]
    /// Slows the configured rate after throttled answers: 1 is full speed.
    var throttleFactor = 1.0
    /// Stores whose account answered "throttled": their rows wait until then.
    private var throttledUntil: [StoreID: ContinuousClock.Instant] = [:]
    private var nextSendAt = ContinuousClock.now
    /// When each SMS of the last minute or so was accepted, and whose it was.
    var sentTimes: [(at: Date, store: Int64)] = []
    /// Outcomes waiting to be written, and whether a write is under way.
    private var pendingSettlements: [(MessageRecord, SendDecision)] = []
    private var settling = false

    /// Why a store's rows are not being sent.
    enum Hold: Equatable {
        /// Since `since`, the balance has not covered an SMS (`response`, the gateway's words).
        case balance(recheckAt: ContinuousClock.Instant, response: String, since: Date)
        /// The account cannot send (no credentials, no sender): looked at again at `recheckAt` or when its
        /// settings change.
        case unavailable(String, recheckAt: ContinuousClock.Instant)
    }

    /// How long a store whose account cannot send waits before it is looked at again.
    static let unavailableRecheck: Duration = .seconds(30)

    /// A sender over the SQLite database.
    public init(
        database: AppDatabase, gateways: any SMSGatewaySource, queued: Doorbell, updates: MessageUpdates,
        logger: Logger, balanceCheckInterval: Duration = .seconds(180), statusCheckAfter: Duration? = .seconds(600),
        deliveryReportURL: String? = nil, metrics: NotifierMetrics = .none,
        now: @escaping @Sendable () -> Date = Date.init,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.init(
            storage: SQLiteOutboxStorage(database: database), gateways: gateways, queued: queued, updates: updates,
            logger: logger, balanceCheckInterval: balanceCheckInterval, statusCheckAfter: statusCheckAfter,
            deliveryReportURL: deliveryReportURL, metrics: metrics, now: now, random: random)
    }

    /// A sender over `storage`.
    public init(
        storage: any OutboxStorage, gateways: any SMSGatewaySource, queued: Doorbell, updates: MessageUpdates,
        logger: Logger, balanceCheckInterval: Duration = .seconds(180), statusCheckAfter: Duration? = .seconds(600),
        deliveryReportURL: String? = nil, metrics: NotifierMetrics = .none, balanceWatch: BalanceWatch? = nil,
        quietHours: QuietHoursService? = nil, now: @escaping @Sendable () -> Date = Date.init,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        store = storage
        self.balanceWatch = balanceWatch
        self.quietHours = quietHours
        self.gateways = gateways
        self.queued = queued
        self.updates = updates
        self.logger = logger
        self.balanceCheckInterval = balanceCheckInterval
        self.statusCheckAfter = statusCheckAfter
        self.deliveryReportURL = deliveryReportURL
        self.metrics = metrics
        self.now = now
        self.random = random
    }

    /// Why a row left `sending` by a sender that stopped is `unknown`.
    public static let interruptedReason = "the service stopped while sending; not resent, to avoid a duplicate SMS"

    /// How long the sender waits, once woken, for more rows to be queued with the first.
    static let gathering: Duration = .milliseconds(3)
    /// Whether the sending loop is running (the health check asks).
    public private(set) var running = false
    /// Whether the last look found nothing due (the wait that follows is for new rows, not for a free slot).
    private var waitedIdle = false
    /// How many looks at the queue found nothing due, now or later, with nothing in flight or being recorded:
    /// after one, the sender sends nothing more until rows are queued. Tests wait for a new one to prove that
    /// nothing more is sent, rather than watching for a while.
    private(set) var quietLooks = 0

    /// Sends until the service stops; the sends in flight then finish (or are cancelled and left `unknown`).
    public func run() async throws {
        running = true
        defer { running = false }
        let recovered = try await store.recoverInterrupted(now: now(), reason: Self.interruptedReason)
        if recovered > 0 {
            logger.warning("\(recovered) SMS were being sent when the service stopped: marked unknown, not resent")
        }
        settings = try await store.settings(now: now())
        sharingSenders = try await store.sharingSenders()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    let pause = try await sendDue { row, gateway, sender in
                        group.addTask { await self.deliver(row, through: gateway, from: sender) }
                    }
                    if let pause {
                        await cancelWhenGracefulShutdown { await self.queued.wait(timeout: pause) }
                        // Woken from an empty queue, rows queued together are claimed together: fewer, larger
                        // transactions on the single writer (measured: less CPU per SMS and a lower p99 for events
                        // arriving meanwhile). Not after waiting for a free slot: that would slow a full queue.
                        if waitedIdle { try? await Task.sleep(for: Self.gathering) }
                    }
                } catch {
                    logger.error("the sender failed to read the outbox: \(error)")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Starts the sends that are due and allowed now; returns how long to wait before looking again, or nil
    /// to look again at once.
    private func sendDue(
        launch: (MessageRecord, any SMSGateway, String) -> Void
    ) async throws -> Duration? {
        waitedIdle = false
        await refreshSettingsIfStale()
        guard let settings else { return .seconds(1) }
        if settings.paused { return .seconds(60) }
        await recheckHolds()
        let free = settings.concurrency - inFlight
        guard free > 0 else { return .seconds(5) }
        let setAside = setAsideStores()
        let due = try await store.takeDue(limit: min(free, 256), excluding: setAside, now: now())
        waitedIdle = due.isEmpty
        guard !due.isEmpty else {
            guard let next = try await store.nextDueTime(excluding: setAside) else {
                if inFlight == 0, !settling, pendingSettlements.isEmpty, holds.isEmpty, throttledUntil.isEmpty {
                    quietLooks += 1
                }
                return min(.seconds(30), nextHoldChange() ?? .seconds(30))
            }
            let wait = next.timeIntervalSince(now())
            let untilDue: Duration = wait <= 0 ? .zero : .milliseconds(Int64(min(wait, 30) * 1000) + 1)
            let earliest = min(untilDue, nextHoldChange() ?? untilDue)
            return earliest <= .zero ? nil : earliest
        }
        // Each store's gateway, once a look; a store whose account cannot send is held, its rows left queued.
        var gateways: [StoreID: (gateway: any SMSGateway, sender: String)] = [:]
        var sendable: [Int64] = []
        var storeOf: [Int64: StoreID] = [:]
        for (id, store) in due {
            if gateways[store] == nil, holds[store] == nil {
                switch await self.gateways.gatewayForSending(store: store) {
                case .failure(let reason):
                    logger.notice("not sending the SMS of \(store): \(reason)")
                    holds[store] = .unavailable(
                        reason.description, recheckAt: ContinuousClock.now + Self.unavailableRecheck)
                case .success(let found):
                    gateways[store] = found
                }
            }
            guard gateways[store] != nil else { continue }
            sendable.append(id)
            storeOf[id] = store
        }
        var claimedIDs = Set<Int64>()
        do {
            try await sendBursts(sendable, storeOf: storeOf, gateways: gateways, free: free) { claimed in
                claimedIDs.formUnion(claimed.compactMap(\.id))
                for row in claimed {
                    guard let found = gateways[StoreID(rawValue: row.store)] else { continue }
                    launch(row, found.gateway, found.sender)
                }
            }
        } catch {
            await release(due.map(\.id), except: claimedIDs)
            throw error
        }
        await release(due.map(\.id), except: claimedIDs)
        return nil
    }

    /// Claims and launches `sendable` a few at a time: as many as the rate allows in about 20 ms, claimed in one
    /// transaction just before they go, so that a row is `sending` only when its request is about to leave.
    private func sendBursts(
        _ sendable: [Int64], storeOf: [Int64: StoreID], gateways: [StoreID: (gateway: any SMSGateway, sender: String)],
        free: Int, launch: ([MessageRecord]) -> Void
    ) async throws {
        let burst = max(1, min(free, Int(ownRate * throttleFactor / 50)))
        var start = sendable.startIndex
        while start < sendable.endIndex {
            guard !Task.isShuttingDownGracefully, self.settings?.paused == false else { break }
            let end = min(sendable.endIndex, start + burst)
            // Rows of a store held meanwhile (its balance ran out, its account was throttled) stay queued.
            let batch = sendable[start..<end].filter { id in storeOf[id].map { !isSetAside($0) } ?? false }
            start = end
            guard !batch.isEmpty else { continue }
            await pace(count: batch.count)
            let claimed = try await store.claim(ids: batch, now: now())
            inFlight += claimed.count
            launch(claimed)
        }
    }

    /// Gives back the rows taken but not claimed (their store was held, the sender paused or stopping).
    private func release(_ taken: [Int64], except claimed: Set<Int64>) async {
        let unclaimed = taken.filter { !claimed.contains($0) }
        guard !unclaimed.isEmpty else { return }
        do {
            try await store.release(ids: unclaimed)
        } catch {
            logger.error("giving back \(unclaimed.count) SMS rows taken but not sent failed: \(error)")
        }
    }

    /// Whether `store`'s rows are set aside now: held, or its account throttled.
    private func isSetAside(_ store: StoreID) -> Bool {
        if holds[store] != nil { return true }
        if let until = throttledUntil[store], ContinuousClock.now < until { return true }
        return false
    }

    /// The stores whose rows are set aside now; throttles that ended are forgotten.
    private func setAsideStores() -> Set<StoreID> {
        let clock = ContinuousClock.now
        throttledUntil = throttledUntil.filter { $0.value > clock }
        return Set(holds.keys).union(throttledUntil.keys)
    }

    /// How long until a hold or a throttle may end; nil when there are none.
    private func nextHoldChange() -> Duration? {
        let clock = ContinuousClock.now
        let times =
            holds.values.map { hold -> ContinuousClock.Instant in
                switch hold {
                case .balance(let recheckAt, _, _): recheckAt
                case .unavailable(_, let recheckAt): recheckAt
                }
            } + throttledUntil.values
        return times.min().map { max(.milliseconds(1), $0 - clock) }
    }

    /// This sender's share of the configured rate.
    private var ownRate: Double {
        (settings?.ratePerSecond ?? 1) / Double(max(1, sharingSenders))
    }

    /// Reads the settings and the share again when they are older than ``settingsRefresh``.
    private func refreshSettingsIfStale() async {
        guard ContinuousClock.now - settingsReadAt >= Self.settingsRefresh else { return }
        settingsReadAt = .now
        do {
            let stored = try await store.settings(now: now())
            // A change applied here while the read was under way (a pause) is newer: it stays.
            if settings.map({ stored.updatedAt >= $0.updatedAt }) ?? true { settings = stored }
            sharingSenders = try await store.sharingSenders()
        } catch {
            logger.warning("reading the outbox settings again failed (the last ones stay): \(error)")
        }
    }

    /// Waits out the rate for `count` sends: `ratePerSecond` slowed by any throttling.
    private func pace(count: Int) async {
        let rate = max(0.1, ownRate * throttleFactor)
        let interval = Duration.microseconds(Int64(1_000_000 / rate)) * count
        let clock = ContinuousClock.now
        if nextSendAt > clock {
            try? await Task.sleep(until: nextSendAt)
            nextSendAt += interval
        } else {
            nextSendAt = clock + interval
        }
    }

    /// Looks again at the holds that are due: a store held by its balance sends again once its balance covers a
    /// message; one whose account could not send is looked at afresh.
    private func recheckHolds() async {
        let clock = ContinuousClock.now
        for (store, hold) in holds {
            switch hold {
            case .unavailable(_, let recheckAt):
                if clock >= recheckAt { holds[store] = nil }
            case .balance(let recheckAt, let response, let since):
                guard clock >= recheckAt else { continue }
                var covered = false
                if case .success(let found) = await gateways.gatewayForSending(store: store) {
                    do {
                        let balance = try await found.gateway.balance()
                        if let balanceWatch {
                            Task { await balanceWatch.observe(Balance(value: balance, currency: nil), of: store) }
                        }
                        if let value = balance.double, value > 0 {
                            logger.notice("the balance of \(store) is \(balance.literal) again: sending resumes")
                            covered = true
                        }
                    } catch {
                        logger.notice("checking the balance of \(store) failed: \(error)")
                    }
                }
                holds[store] =
                    covered
                    ? nil
                    : .balance(
                        recheckAt: ContinuousClock.now + balanceCheckInterval, response: response, since: since)
            }
        }
    }

    /// Tells the balance watch that `store` spent (or was refused for its balance), at most every
    /// ``balanceNoteInterval`` (or half the watch's interval, when shorter), without waiting for it.
    private func noteBalanceUse(of store: StoreID) {
        guard let balanceWatch else { return }
        let clock = ContinuousClock.now
        let every = min(Self.balanceNoteInterval, balanceWatch.interval / 2)
        if let noted = balanceNotedAt[store], clock - noted < every { return }
        balanceNotedAt[store] = clock
        Task { await balanceWatch.noteSending(store) }
    }

    /// Whether `row` must wait for its store's quiet hours, and until when; nil when it may go now.
    private func quietWait(for row: MessageRecord) async -> SendDecision? {
        guard let quietHours else { return nil }
        let store = StoreID(rawValue: row.store)
        let clock = ContinuousClock.now
        let hours: QuietHours
        if let read = quietHoursRead[store], clock - read.at < Self.settingsRefresh {
            hours = read.hours
        } else {
            do {
                hours = try await quietHours.hours(of: store)
            } catch {
                logger.warning("reading the quiet hours of \(store) failed: \(error)")
                hours = quietHoursRead[store]?.hours ?? .none
            }
            quietHoursRead[store] = (hours, clock)
        }
        return hours.hold(of: row, at: now()).map { .wait(until: $0.until, reason: $0.reason) }
    }

    private func deliver(_ row: MessageRecord, through gateway: any SMSGateway, from sender: String) async {
        if let wait = await quietWait(for: row) {
            await settled(row, wait)
            return
        }
        let message = SMSMessage(
            from: sender, to: [row.recipient], text: row.text, coding: row.encoding == "UCS-2" ? .ucs2 : nil,
            deliveryReportURL: deliveryReportURL)
        let outcome: Result<SMSReceipt, MoceanError>
        let started = ContinuousClock.now
        defer { metrics.recordGatewayLatency(since: started) }
        do {
            let receipts = try await gateway.send(message)
            outcome =
                receipts.first.map { .success($0) }
                ?? .failure(MoceanError(kind: .malformedResponse, message: "an answer without a receipt"))
        } catch {
            outcome = .failure(error)
        }
        guard let settings else { return }
        let decision = SendDecision.decide(outcome, attempt: row.attempts, settings: settings, random: random())
        await settled(row, decision)
    }

    private func settled(_ row: MessageRecord, _ decision: SendDecision) async {
        inFlight -= 1
        switch decision {
        case .sent:
            metrics.sent.increment()
            sentTimes.append((now(), row.store))
            if sentTimes.count > 100_000 { sentTimes.removeFirst(sentTimes.count - 60_000) }
            throttleFactor = min(1, throttleFactor * 1.05)
            noteBalanceUse(of: StoreID(rawValue: row.store))
        case .retry(let delay, _, _, let throttled):
            metrics.retries.increment()
            if throttled { slowDown(StoreID(rawValue: row.store), for: delay) }
        case .holdForBalance(let response, _):
            let store = StoreID(rawValue: row.store)
            if holds[store] == nil {
                logger.warning(
                    "the balance of \(store) does not cover its SMS: holding them until it is topped up")
            }
            var since = now()
            if case .balance(_, _, let held)? = holds[store] { since = held }
            holds[store] = .balance(
                recheckAt: ContinuousClock.now + balanceCheckInterval, response: response, since: since)
            noteBalanceUse(of: store)
        default:
            break
        }
        pendingSettlements.append((row, decision))
        guard !settling else { return }
        // Group commit: outcomes that arrive while one batch is written go in the next, one transaction each.
        settling = true
        defer { settling = false }
        var failures = 0
        while !pendingSettlements.isEmpty {
            let batch = pendingSettlements
            pendingSettlements = []
            do {
                let settlements = batch.map { row, decision in
                    Settlement(row, decision, now: now(), statusCheckAfter: statusCheckAfter)
                }
                let saved = try await store.settle(settlements, now: now())
                for update in saved.compactMap(\.update) { updates.publish(update) }
                failures = 0
            } catch {
                // The database may be back in a moment (a failover): the outcomes are written again, with the
                // ones that arrive meanwhile, for about half a minute, or until the service is cancelled.
                failures += 1
                if failures <= Self.settleRetries,
                    (try? await Task.sleep(for: .milliseconds(250 << failures))) != nil
                {
                    logger.warning("recording the outcome of \(batch.count) SMS failed, trying again: \(error)")
                    pendingSettlements = batch + pendingSettlements
                    continue
                }
                logger.error(
                    "recording the outcome of \(batch.count) SMS failed: they stay sending, and become unknown when the service starts again (never resent silently): \(error)"
                )
            }
            queued.ring()
        }
    }

    /// A throttled answer: the store's rows wait a moment, and the sender goes on at half the rate, recovering
    /// as sends succeed.
    private func slowDown(_ store: StoreID, for delay: Duration) {
        throttleFactor = max(0.05, throttleFactor / 2)
        throttledUntil[store] = ContinuousClock.now + min(delay, .seconds(30))
    }
}
