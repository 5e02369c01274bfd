import Foundation
import Notifier
import TestSupport
import Testing

/// The store tokens' domain over each backend: the same suite, run once per storage.
@Suite(.timeLimit(.minutes(2))) struct StoreTokenStorageTests {
    @Test(arguments: StorageBackend.available)
    func aTokenIsShownOnceFoundByItsTextAndRevokedForGood(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let clock = Date(timeIntervalSince1970: 1_800_000_000)
            let tokens = StoreTokens(storage: storages.storeTokens, now: { clock })
            let (first, secret) = try await tokens.create(store: StoreID(rawValue: 2), label: "  B's script ")
            #expect(first.label == "B's script" && first.store == 2 && first.lastUsedAt == nil)
            #expect(secret.hasPrefix(StoreTokens.prefix))
            let (other, _) = try await tokens.create(store: .first, label: "A's tool")
            #expect(other.id > first.id)

            #expect(try await tokens.store(of: secret) == StoreID(rawValue: 2))
            #expect(try await tokens.store(of: secret + "x") == nil)
            #expect(try await tokens.store(of: "not-a-token") == nil)
            let listed = try await tokens.list(store: StoreID(rawValue: 2))
            #expect(listed.map(\.id) == [first.id])
            #expect(listed.first?.lastUsedAt.map { abs($0.timeIntervalSince(clock)) < 0.001 } == true, "its use")
            #expect(try await tokens.list(store: nil).map(\.id) == [first.id, other.id])

            #expect(try await tokens.revoke(id: first.id, store: .first) == false, "another store's token")
            #expect(try await tokens.revoke(id: first.id, store: nil))
            #expect(try await tokens.revoke(id: first.id, store: nil) == false)
            #expect(try await tokens.store(of: secret) == nil)
            #expect(try await tokens.list(store: nil).map(\.id) == [other.id])
        }
    }

    @Test(arguments: StorageBackend.available)
    func aLabelIsCheckedBeforeAnythingIsKept(backend: StorageBackend) async throws {
        try await backend.with { storages async throws in
            let tokens = StoreTokens(storage: storages.storeTokens)
            await #expect(throws: ValidationError.self) {
                try await tokens.create(store: .first, label: "   ")
            }
            #expect(try await tokens.list(store: nil).isEmpty)
        }
    }
}
