import Foundation
import Logging
import ServiceLifecycle

/// Watches each store's balance against its low-balance threshold: after its SMS go out (at most once per
/// ``interval`` a store), when the gateway says it does not cover an SMS, and whenever a caller asks for it.
/// A fall below the threshold queues one SMS to the store's admins; the next one only after the balance has been
/// seen at or above the threshold again. The alert and its SMS are written in one transaction, so several
/// instances seeing the same fall send it once.
public actor BalanceWatch: Service {
    private let storage: any BalanceAlertStorage
    private let account: AccountService
    private let notifications: NotificationService
    private let queued: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// How often the balance of a store that sends is looked at.
    public let interval: Duration
    /// Stores that sent (or were refused for their balance) since their balance was last looked at.
    private var toCheck: Set<StoreID> = []
    private let due = Doorbell()

    public init(
        storage: any BalanceAlertStorage, account: AccountService, notifications: NotificationService,
        queued: Doorbell, logger: Logger, interval: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.account = account
        self.notifications = notifications
        self.queued = queued
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    /// The alert of `store`; nil when it has no threshold.
    public func alert(of store: StoreID) async throws -> BalanceAlertState? {
        try await storage.load(of: store)
    }

    /// Every store's alert.
    public func alerts() async throws -> [BalanceAlertState] {
        try await storage.all()
    }

    /// Checks `threshold` against the account's currency, when that is known.
    ///
    /// - Throws: ``ValidationError`` naming `lowBalanceAlert.currency` when it is not the account's.
    public func check(_ threshold: LowBalanceThreshold, of store: StoreID) async throws {
        if let currency = threshold.currency, let accountCurrency = try await account.settings(of: store).currency {
            _ = try LowBalanceThreshold(below: threshold.below, currency: currency, accountCurrency: accountCurrency)
        }
    }

    /// Sets (or with nil removes) the threshold of `store`, after checking it (``check(_:of:)``).
    public func configure(_ threshold: LowBalanceThreshold?, of store: StoreID) async throws -> BalanceAlertState? {
        if let threshold { try await check(threshold, of: store) }
        return try await save(threshold, of: store)
    }

    private func save(_ threshold: LowBalanceThreshold?, of store: StoreID) async throws -> BalanceAlertState? {
        let state = try await storage.configure(of: store, threshold: threshold, now: now())
        if state != nil { noteSending(store) }
        return state
    }

    /// `account.set`: checks the threshold against the account's currency, saves `update` (and checks the
    /// credentials), then sets or removes the threshold, and compares the balance the check found with it.
    ///
    /// - Throws: ``ValidationError`` for a field that is not acceptable; nothing is saved then.
    public func update(
        _ update: AccountUpdate, lowBalanceAlert threshold: FieldUpdate<LowBalanceThreshold>, of store: StoreID
    ) async throws -> (AccountSettings, CredentialCheck, BalanceAlertState?) {
        if case .set(let given) = threshold { try await check(given, of: store) }
        let (settings, check) = try await account.update(update, of: store)
        switch threshold {
        case .keep: break
        case .clear: _ = try await save(nil, of: store)
        case .set(let given): _ = try await save(given, of: store)
        }
        if case .valid(let balance) = check { await observe(balance, of: store) }
        return (settings, check, try await alert(of: store))
    }

    /// Notes that `store` sent an SMS, or was refused one for its balance: its balance is looked at within
    /// ``interval``.
    public func noteSending(_ store: StoreID) {
        if toCheck.insert(store).inserted { due.ring() }
    }

    /// The balance of `store` from the gateway, seen by the alert.
    ///
    /// - Throws: ``AccountError``, or the database's error.
    public func balance(of store: StoreID) async throws -> Balance {
        let balance = try await account.balance(of: store)
        await observe(balance, of: store)
        return balance
    }

    /// Applies a balance seen for `store` to its alert: queues the admins' SMS when it fell below the threshold.
    /// Failures are logged: the balance is seen again soon.
    public func observe(_ balance: Balance, of store: StoreID) async {
        do {
            // Most stores set no alert: nothing more to read.
            guard try await storage.load(of: store) != nil else { return }
            let time = now()
            let settings = try await EventMessages.Settings(
                account: account.settings(of: store), admin: notifications.settings(for: .admin, of: store),
                customer: notifications.settings(for: .customer, of: store))
            let recorded = try await storage.record(of: store) { state in
                let change = state.change(seeing: balance)
                let messages =
                    change == .raise
                    ? EventMessages.adminAlert(
                        text: state.alertText(seeing: balance), eventType: EventMessages.lowBalanceEventType,
                        store: store, settings: settings, now: time) : []
                return (state.applying(change, seeing: balance, now: time), messages)
            }
            guard let recorded else { return }
            if recorded.queued > 0 { queued.ring() }
            report(recorded.state, balance: balance, queued: recorded.queued, store: store)
        } catch {
            logger.warning("recording the balance of \(store) for its low-balance alert failed: \(error)")
        }
    }

    private func report(_ state: BalanceAlertState, balance: Balance, queued: Int, store: StoreID) {
        if state.alertedAt == state.lastCheckedAt, state.isLow {
            logger.warning(
                "the balance of \(store) (\(balance.display)) fell below its alert at \(state.below): \(queued) SMS queued to its admins"
            )
        } else if let currency = state.currency, let seen = balance.currency, seen.uppercased() != currency {
            logger.warning(
                "the low-balance alert of \(store) is in \(currency) but its balance is in \(seen): not compared")
        }
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await cancelWhenGracefulShutdown { await self.due.wait(timeout: .seconds(3600)) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            await checkNoted()
        }
    }

    /// Looks at the balance of every store noted since the last look that has a threshold.
    public func checkNoted() async {
        let stores = toCheck
        toCheck = []
        for store in stores.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard (try? await storage.load(of: store)) != nil else { continue }
            do {
                _ = try await balance(of: store)
            } catch {
                logger.notice("checking the balance of \(store) for its low-balance alert failed: \(error)")
                toCheck.insert(store)
            }
        }
    }
}
