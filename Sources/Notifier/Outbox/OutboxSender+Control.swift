import Foundation

/// Where the outbox stands (`outbox.status`).
public struct OutboxStatus: Sendable {
    /// How many rows are in each state.
    public let counts: [MessageState: Int]
    /// Requests to the gateway in flight now.
    public let inFlight: Int
    public let settings: OutboxSettings
    /// The rate it sends at now: the configured one, slowed after throttled answers.
    public let effectiveRatePerSecond: Double
    /// SMS the gateway accepted in the last minute.
    public let sentLastMinute: Int
    /// Whether nothing is being sent, and why: paused by an admin, the balance, or the account.
    public let paused: Bool
    public let pausedReason: String?
    /// How long the oldest queued row has waited.
    public let oldestQueuedAge: TimeInterval?
    /// Since when the store's rows have been held because its balance does not cover an SMS; nil when they are not.
    public let heldForBalanceSince: Date?
}

extension OutboxSender {
    /// Where the outbox stands now: for `store` alone (its rows, its SMS in flight and sent, its hold), or for
    /// the whole service when nil (the metrics).
    public func status(of store: StoreID?) async throws -> OutboxStatus {
        let settings = try await currentSettings()
        let time = now()
        sentTimes.removeAll { time.timeIntervalSince($0.at) > 60 }
        let reason: String? =
            if settings.paused {
                "paused by an admin\(settings.pauseReason.map { ": \($0)" } ?? "") (outbox.resume resumes)"
            } else {
                switch store.flatMap({ holds[$0] }) {
                case .balance(_, let response, _)?:
                    "the balance does not cover the SMS (\(response)); checked again every "
                        + "\(Int(balanceCheckInterval.seconds)) s"
                case .unavailable(let why, _)?: why
                case nil: nil
                }
            }
        var heldSince: Date?
        if case .balance(_, _, let since)? = store.flatMap({ holds[$0] }) { heldSince = since }
        let counts = try await self.store.counts(of: store)
        return OutboxStatus(
            counts: counts, inFlight: store == nil ? inFlight : counts[.sending] ?? 0, settings: settings,
            effectiveRatePerSecond: settings.ratePerSecond * throttleFactor,
            sentLastMinute: store.map { store in sentTimes.count { $0.store == store.rawValue } } ?? sentTimes.count,
            paused: reason != nil, pausedReason: reason,
            oldestQueuedAge: try await self.store.oldestQueued(of: store).map { time.timeIntervalSince($0) },
            heldForBalanceSince: heldSince)
    }

    /// Checks, saves and applies `change` at once.
    ///
    /// - Throws: ``ValidationError`` for a value out of range; nothing changes then.
    public func configure(_ change: OutboxSettingsChange) async throws -> OutboxSettings {
        var changed = try (try await currentSettings()).applying(change)
        changed.updatedAt = now()
        try await store.save(changed)
        settings = changed
        queued.ring()
        return changed
    }

    /// Stops taking rows until ``resume()``; the sends in flight finish.
    ///
    /// - Parameter reason: why, in the admin's words (shown by `outbox.status` and the console), 1 to 200
    ///   characters.
    /// - Throws: ``ValidationError`` naming `reason` when it is empty or too long.
    public func pause(reason: String? = nil) async throws -> OutboxSettings {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, !(1...200).contains(reason.count) {
            throw ValidationError(
                field: "reason", reason: "must be 1 to 200 characters saying why the outbox is paused, or left out")
        }
        return try await setPaused(true, reason: reason)
    }

    /// Takes rows again; also re-checks a balance or an account that held the queue.
    public func resume() async throws -> OutboxSettings {
        holds = [:]
        return try await setPaused(false, reason: nil)
    }

    /// Looks for due rows at once (rows were queued or made due by another service).
    public func wake() {
        queued.ring()
    }

    /// Looks again at once at what held `store`'s rows: its account settings changed.
    public func accountChanged(store: StoreID) {
        if case .unavailable? = holds[store] { holds[store] = nil }
        queued.ring()
    }

    /// Queues again `store`'s rows among `ids` that failed, are unknown or expired: an admin's explicit resend,
    /// recorded as a new try. Another store's row is not found.
    public func retry(ids: [Int64], store: StoreID) async throws -> [(Int64, RetryOutcome)] {
        let outcomes = try await self.store.requeue(
            ids: ids, store: store, now: now(), reason: "sent again at an admin's request")
        if outcomes.contains(where: { $0.1 == .queued }) { queued.ring() }
        return outcomes
    }

    private func setPaused(_ paused: Bool, reason: String?) async throws -> OutboxSettings {
        var changed = try await currentSettings()
        changed.paused = paused
        changed.pauseReason = reason
        changed.updatedAt = now()
        try await store.save(changed)
        settings = changed
        queued.ring()
        return changed
    }

    /// The settings as stored (another process or instance may have changed them since this one read them),
    /// or as held here when this sender's own change is newer.
    private func currentSettings() async throws -> OutboxSettings {
        let loaded = try await store.settings(now: now())
        if let settings, settings.updatedAt > loaded.updatedAt { return settings }
        settings = loaded
        return loaded
    }
}
