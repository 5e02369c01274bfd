import Foundation
import Notifier
import TestSupport
import Testing

/// The console's sessions over each backend: kept under their digest and read back as kept, their use recorded,
/// the least recently used going first beyond the limit, and a store's (or one user's) ended together without
/// touching another store's or the operator's.
@Suite(.timeLimit(.minutes(1))) struct ConsoleSessionStorageTests {
    static func page(store: Int64, user: Int64, at time: Date) -> ConsoleSession {
        ConsoleSession(
            kind: .page, store: store, user: user, installedAt: Date(timeIntervalSince1970: 1_700_000_000),
            createdAt: time, lastUse: time)
    }

    @Test(arguments: StorageBackend.available)
    func sessionsAreKeptUsedEvictedAndEndedByStoreAndUser(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let sessions = storages.consoleSessions
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let operatorSession = ConsoleSession(
                kind: .cookie, store: nil, user: nil, installedAt: nil, createdAt: start, lastUse: start)
            let digest = { (name: String) in SecretDigest.hex(name) }
            try await sessions.insert(operatorSession, digest: digest("operator"), keepingAtMost: 10)
            try await sessions.insert(
                Self.page(store: 1, user: 7, at: start + 1), digest: digest("one-7"), keepingAtMost: 10)
            try await sessions.insert(
                Self.page(store: 1, user: 8, at: start + 2), digest: digest("one-8"), keepingAtMost: 10)
            try await sessions.insert(
                Self.page(store: 2, user: 7, at: start + 3), digest: digest("two-7"), keepingAtMost: 10)
            #expect(try await sessions.session(digest: digest("operator")) == operatorSession)
            #expect(try await sessions.session(digest: digest("one-7")) == Self.page(store: 1, user: 7, at: start + 1))
            #expect(try await sessions.session(digest: digest("nobody")) == nil)

            try await sessions.touch(digest: digest("operator"), at: start + 100)
            #expect(try await sessions.session(digest: digest("operator"))?.lastUse == start + 100)

            #expect(try await sessions.removeAll(store: StoreID.first, user: 7) == 1, "one user's only")
            #expect(try await sessions.session(digest: digest("one-8")) != nil)
            #expect(try await sessions.session(digest: digest("two-7")) != nil, "another store's stays")
            #expect(try await sessions.removeAll(store: StoreID.first, user: nil) == 1, "the store's sessions")
            #expect(try await sessions.session(digest: digest("operator")) != nil, "the operator's stays")

            // Beyond the limit, the least recently used goes: "two-7" (used at start + 3), not the operator's.
            try await sessions.insert(
                Self.page(store: 2, user: 9, at: start + 200), digest: digest("two-9"), keepingAtMost: 2)
            #expect(try await sessions.session(digest: digest("two-7")) == nil)
            #expect(try await sessions.session(digest: digest("operator")) != nil)
            #expect(try await sessions.session(digest: digest("two-9")) != nil)
            try await sessions.remove(digest: digest("two-9"))
            #expect(try await sessions.session(digest: digest("two-9")) == nil)
        }
    }
}
