import Foundation
import GRDB
import Synchronization

/// What routing needs to know of a store: its id, its hash and whether the app is installed there.
public struct StoreRoute: Sendable, Equatable {
    public let store: StoreID
    /// The store's hash in lower case; nil for a store not connected to BigCommerce yet.
    public let hash: String?
    public let state: StoreState
    /// When the app was last installed in the store; nil for a store connected by hand. A new install is a new
    /// value: what was granted for an earlier one (a console session, a signed payload) is not for this one.
    public let installedAt: Date?

    /// Whether the store installed the BigCommerce app (rather than being connected by hand).
    public var isAppInstalled: Bool { installedAt != nil }

    public init(store: StoreID, hash: String?, state: StoreState, installedAt: Date? = nil) {
        self.store = store
        self.hash = hash
        self.state = state
        self.installedAt = installedAt
    }
}

/// Every store's route, kept in memory so that every webhook and every call does not read the `stores`
/// table twice: routing is on each event's path.
///
/// The table is read again after ``invalidate()`` (on SQLite, after any committed change to it through this
/// database's connections: a transaction observer; on PostgreSQL, after this process's own changes), and at
/// the latest after ``maximumAge``, for changes made by another process or instance.
public final class StoreRoutes: Sendable {
    /// How long a snapshot is believed without a change seen: what another process's change may take to
    /// be seen here.
    static let maximumAge: Duration = .seconds(1)

    private struct Snapshot {
        let byID: [StoreID: StoreRoute]
        let byHash: [String: StoreRoute]
        let sole: StoreRoute?
        let count: Int
        let takenAt: ContinuousClock.Instant
    }

    /// The snapshot, and how many times it was forgotten (a snapshot read while a change committed is stale).
    private let state = Mutex<(snapshot: Snapshot?, generation: UInt64)>((nil, 0))
    private let load: @Sendable () async throws -> [StoreRoute]

    /// Routes read with `load` (every store, first installed first).
    public init(load: @escaping @Sendable () async throws -> [StoreRoute]) {
        self.load = load
    }

    /// Routes of the SQLite `writer`'s `stores` table, forgotten at every committed change to it.
    convenience init(writer: any DatabaseWriter) {
        self.init(load: {
            try await writer.read { db in
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT id, store_hash, state, installed_at FROM stores ORDER BY id")
                ).map { row in
                    StoreRoute(
                        store: StoreID(rawValue: row[0]), hash: row[1],
                        state: StoreState(rawValue: row[2] as String) ?? .uninstalled, installedAt: row[3])
                }
            }
        })
        writer.add(transactionObserver: StoresTableObserver(routes: self), extent: .databaseLifetime)
    }

    /// The route of the store `id`, if there is one.
    func route(_ id: StoreID) async throws -> StoreRoute? { try await current().byID[id] }

    /// The route of the store whose hash is `hash` (any case), if there is one.
    func route(hash: String) async throws -> StoreRoute? { try await current().byHash[hash.lowercased()] }

    /// The one store of a service that holds exactly one; nil when it holds several.
    func sole() async throws -> StoreRoute? { try await current().sole }

    /// How many stores there are.
    func count() async throws -> Int { try await current().count }

    /// Forgets the snapshot: the next question reads the table.
    public func invalidate() {
        state.withLock { state in
            state.snapshot = nil
            state.generation &+= 1
        }
    }

    private func current() async throws -> Snapshot {
        let now = ContinuousClock.now
        let (held, generation) = state.withLock { ($0.snapshot, $0.generation) }
        if let held, now - held.takenAt < Self.maximumAge { return held }
        let routes = try await load()
        let fresh = Snapshot(
            byID: Dictionary(routes.map { ($0.store, $0) }, uniquingKeysWith: { first, _ in first }),
            byHash: Dictionary(
                routes.compactMap { route in route.hash.map { ($0, route) } }, uniquingKeysWith: { first, _ in first }),
            sole: routes.count == 1 ? routes[0] : nil, count: routes.count, takenAt: now)
        // Kept only if no change was committed since the read began (this answer is as fresh as the read).
        state.withLock { state in
            if state.generation == generation { state.snapshot = fresh }
        }
        return fresh
    }
}

/// Forgets the routes when a transaction that changed `stores` commits.
private final class StoresTableObserver: TransactionObserver, @unchecked Sendable {
    private let routes: StoreRoutes
    private var changed = false

    init(routes: StoreRoutes) {
        self.routes = routes
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "stores"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
    }

    func databaseDidCommit(_ db: Database) {
        if changed { routes.invalidate() }
        changed = false
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }
}
