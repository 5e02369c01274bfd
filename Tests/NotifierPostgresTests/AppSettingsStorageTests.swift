import Foundation
import Notifier
import TestSupport
import Testing

/// The app's settings over each backend, through the domain (`app.set`'s rules): only the fields given
/// change, a refused change saves nothing, and changes made together all apply, one after the other.
@Suite(.timeLimit(.minutes(2))) struct AppSettingsStorageTests {
    static let secret = "app-client-secret-0123456789abcdef"

    private func directory(_ storages: StorageBackend.Storages) throws -> StoreDirectory {
        // The stores' own rows are not part of these tests: an in-memory SQLite database stands beside the app's
        // settings storage under test.
        StoreDirectory(database: try AppDatabase.inMemory(), appStorage: storages.appSettings)
    }

    @Test(arguments: StorageBackend.available)
    func onlyTheFieldsGivenChangeAndARefusedChangeSavesNothing(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let directory = try directory(storages)
            #expect(try await directory.appSettings().clientID == nil, "nothing saved yet: BigCommerce's defaults")
            #expect(try await directory.appSettings().loginURL == AppSettings.defaultLoginURL)
            var first = AppUpdate()
            first.clientID = .set("app-id")
            first.clientSecret = .set(Self.secret)
            _ = try await directory.updateApp(first)
            var login = AppUpdate()
            login.loginURL = .set("http://127.0.0.1:8125")
            let saved = try await directory.updateApp(login)
            #expect(saved.clientID == "app-id" && saved.clientSecret == Self.secret)
            #expect(saved.loginURL == "http://127.0.0.1:8125" && saved.apiURL == "https://api.bigcommerce.com")
            let reread = try await directory.appSettings()
            #expect(reread.clientID == saved.clientID && reread.loginURL == saved.loginURL)

            var refused = AppUpdate()
            refused.clientID = .set("another-id")
            refused.apiURL = .set("ftp://example.com")
            await #expect(throws: ValidationError.self) { try await directory.updateApp(refused) }
            #expect(try await directory.appSettings().clientID == "app-id", "the refused change saved nothing")
            var cleared = AppUpdate()
            cleared.loginURL = .clear
            #expect(try await directory.updateApp(cleared).loginURL == AppSettings.defaultLoginURL)
        }
    }

    @Test(arguments: StorageBackend.available)
    func changesMadeTogetherAllApplyOneAfterTheOther(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let directory = try directory(storages)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var update = AppUpdate()
                    update.clientID = .set("app-id")
                    _ = try await directory.updateApp(update)
                }
                group.addTask {
                    var update = AppUpdate()
                    update.clientSecret = .set(Self.secret)
                    _ = try await directory.updateApp(update)
                }
                group.addTask {
                    var update = AppUpdate()
                    update.apiURL = .set("http://127.0.0.1:8125")
                    _ = try await directory.updateApp(update)
                }
                try await group.waitForAll()
            }
            let settings = try await directory.appSettings()
            #expect(settings.clientID == "app-id" && settings.clientSecret == Self.secret)
            #expect(settings.apiURL == "http://127.0.0.1:8125", "no change was lost to another")
        }
    }
}
