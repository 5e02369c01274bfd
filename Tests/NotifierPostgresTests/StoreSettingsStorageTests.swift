import Foundation
import Notifier
import TestSupport
import Testing

/// The store connections over each backend: saved and read back per store, a change that answers nil saves
/// nothing, and one store's connection never shows in another's.
@Suite(.timeLimit(.minutes(1))) struct StoreSettingsStorageTests {
    @Test(arguments: StorageBackend.available)
    func aConnectionIsSavedPerStoreAndAConditionalChangeCanDecline(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let first = StoreID.first
            let second = StoreID(rawValue: 2)
            let saved = try await storages.storeSettings.update(of: second) { stored in
                guard var settings = stored else { return nil }
                settings.storeHash = "abc123"
                settings.accessToken = "token-of-store-two"
                settings.storeName = "Second shop"
                settings.checkedAt = Date(timeIntervalSince1970: 1_700_000_000)
                return settings
            }
            #expect(saved?.storeHash == "abc123")
            let loaded = try #require(try await storages.storeSettings.load(of: second))
            #expect(loaded.accessToken == "token-of-store-two" && loaded.storeName == "Second shop")
            #expect(loaded.checkedAt == Date(timeIntervalSince1970: 1_700_000_000))
            #expect(try await storages.storeSettings.load(of: first)?.storeHash == nil, "store 1 is untouched")
            let declined = try await storages.storeSettings.update(of: second) { _ in nil }
            #expect(declined == nil)
            #expect(try await storages.storeSettings.load(of: second) == loaded, "nothing was saved")
            #expect(try await storages.storeSettings.load(of: StoreID(rawValue: 99)) == nil)
        }
    }
}
