import Foundation
import GRDB
import TestSupport
import Testing

@testable import Notifier

/// The stores' routes kept in memory: every committed change to `stores` is seen at once, a rolled-back one
/// never, and another process's change within the snapshot's age.
@Suite struct StoreRoutesTests {
    let path: String
    let database: AppDatabase
    let directory: StoreDirectory

    init() throws {
        path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        database = try AppDatabase.open(path: path)
        directory = StoreDirectory(database: database)
    }

    private func grant(_ hash: String) -> StoreDirectory.Grant {
        StoreDirectory.Grant(storeHash: hash, accessToken: "token-\(hash)", scopes: "store_v2_orders_read_only")
    }

    @Test func aCommittedChangeIsSeenAtOnceWhateverWroteIt() async throws {
        #expect(try await directory.soleStore()?.store == .first)
        #expect(try await directory.route(hash: "abc") == nil)
        let (first, _) = try await directory.install(grant("abc"))
        let route = try #require(try await directory.route(hash: "ABC"))
        #expect(route.store == first && route.hash == "abc" && route.state == .active && route.isAppInstalled)
        let (second, _) = try await directory.install(grant("def"))
        #expect(try await directory.soleStore() == nil)
        #expect(try await directory.count() == 2)
        // A write that is not the directory's: the table's observer still forgets the snapshot.
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE stores SET state = 'uninstalled' WHERE id = ?", arguments: [second.rawValue])
        }
        #expect(try await directory.route(second)?.state == .uninstalled)
        #expect(try await directory.resolve(producer: "stores/def") == .uninstalled(second))
    }

    @Test func aRolledBackChangeIsNeverSeen() async throws {
        let (store, _) = try await directory.install(grant("abc"))
        #expect(try await directory.route(store)?.state == .active)
        struct Abandon: Error {}
        await #expect(throws: Abandon.self) {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE stores SET state = 'uninstalled' WHERE id = ?", arguments: [store.rawValue])
                throw Abandon()
            }
        }
        #expect(try await directory.route(store)?.state == .active)
    }

    @Test func anotherProcesssChangeIsSeenWithinTheSnapshotsAge() async throws {
        let (store, _) = try await directory.install(grant("abc"))
        #expect(try await directory.route(store)?.state == .active)
        // Another connection to the same file, as another process would have: this pool's observer cannot see it.
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: "UPDATE stores SET state = 'uninstalled' WHERE id = ?", arguments: [store.rawValue])
        }
        let deadline = ContinuousClock.now + StoreRoutes.maximumAge + .seconds(5)
        var seen = try await directory.route(store)?.state
        while seen != .uninstalled, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            seen = try await directory.route(store)?.state
        }
        #expect(seen == .uninstalled)
    }
}
