import Foundation
import JSONCore
import Notifier

/// The live feeds of the consoles: one per thing watched (the caller, its store, the broadcast followed), computed
/// once for every console that watches it, at most once a second, and stopped when the last one leaves. Twenty
/// consoles on one store cost one computation, not twenty.
actor LiveFeeds {
    private let updates: MessageUpdates
    private var feeds: [String: (feed: LiveFeed, watchers: Int)] = [:]

    init(updates: MessageUpdates) {
        self.updates = updates
    }

    /// The feed of `views` (started when it is the first to watch it), and the doorbell rung when it changes.
    func watch(_ views: LiveViews) async -> (LiveFeed, Doorbell) {
        let key = views.key
        let feed: LiveFeed
        if let known = feeds[key] {
            feed = known.feed
            feeds[key] = (feed, known.watchers + 1)
        } else {
            feed = LiveFeed(views: views, updates: updates)
            feeds[key] = (feed, 1)
        }
        let bell = Doorbell()
        await feed.add(bell)
        return (feed, bell)
    }

    /// Stops watching; the feed stops with its last watcher.
    func leave(_ views: LiveViews, bell: Doorbell) async {
        let key = views.key
        guard let known = feeds[key] else { return }
        await known.feed.remove(bell)
        if known.watchers <= 1 {
            feeds[key] = nil
            await known.feed.stop()
        } else {
            feeds[key] = (known.feed, known.watchers - 1)
        }
    }
}

/// One thing watched: its events' data as last computed, recomputed when an SMS row changes (at most once a second)
/// and every 2 s for the rest; each watcher's doorbell rung when it changes.
actor LiveFeed {
    private let views: LiveViews
    private let updates: MessageUpdates
    private var bells: [ObjectIdentifier: Doorbell] = [:]
    private var task: Task<Void, Never>?
    /// Rung when an SMS row changes, or a console joins.
    private let wake = Doorbell()
    /// A console joined: it gets a fresh balance (a console reconnects after its settings changed).
    private var joined = false
    /// Each event's data by name, in the order sent; empty until the first computation.
    private(set) var events: [(name: String, data: String)] = []
    /// The shortest time between two computations.
    static let pace: Duration = .seconds(1)
    /// How often it is computed when no SMS row changes.
    static let refresh: Duration = .seconds(2)
    /// How often the balance is asked of the gateway.
    static let balanceRefresh: Duration = .seconds(60)

    init(views: LiveViews, updates: MessageUpdates) {
        self.views = views
        self.updates = updates
    }

    func add(_ bell: Doorbell) {
        bells[ObjectIdentifier(bell)] = bell
        if task == nil {
            task = Task { await self.run() }
        } else {
            if !events.isEmpty { bell.ring() }
            joined = true
            wake.ring()
        }
    }

    func remove(_ bell: Doorbell) {
        bells[ObjectIdentifier(bell)] = nil
    }

    func stop() {
        task?.cancel()
        task = nil
    }

    private func run() async {
        let wake = self.wake
        let relay = Task {
            for await _ in updates.subscribe() { wake.ring() }
        }
        defer { relay.cancel() }
        var balanceAskedAt: ContinuousClock.Instant?
        var balance: JSONValue = .null
        while !Task.isCancelled {
            let started = ContinuousClock.now
            if joined || (balanceAskedAt.map { started - $0 >= Self.balanceRefresh } ?? true) {
                balanceAskedAt = started
                balance = await views.balance()
            }
            joined = false
            let computed = await views.current(balance: balance)
            if !computed.elementsEqual(events, by: { $0.0 == $1.name && $0.1 == $1.data }) {
                events = computed.map { (name: $0.0, data: $0.1) }
                for bell in bells.values { bell.ring() }
            }
            await wake.wait(timeout: Self.refresh)
            let next = started + Self.pace
            if ContinuousClock.now < next { try? await Task.sleep(until: next) }
        }
    }
}
