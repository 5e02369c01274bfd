import Foundation
import JSONCore
import Logging
import Notifier
import TestSupport
import Testing

/// Each store's gateway account over each backend, through the domain (`account.set`'s rules, the gateway a
/// scripted stand-in): one store's settings never touch another's, a refused change saves nothing, the
/// currency is cached only for the credentials it was learned with, and changes made together all apply.
@Suite(.timeLimit(.minutes(2))) struct AccountSettingsStorageTests {
    static let gateway = StubTransport(routes: [
        "/account/balance": (200, #"{"status":0,"value":6.4448}"#),
        "/account/pricing": (200, #"{"status":0,"destinations":[{"country":"Malaysia","currency":"EUR"}]}"#),
    ])

    private func service(_ storages: StorageBackend.Storages) -> AccountService {
        AccountService(storage: storages.accounts, transport: Self.gateway, logger: Logger(label: "test"))
    }

    @Test(arguments: StorageBackend.available)
    func eachStoresAccountIsItsOwnAndARefusedChangeSavesNothing(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let account = service(storages)
            var credentials = AccountUpdate()
            credentials.apiKey = .set("key-2")
            credentials.apiSecret = .set("secret-secret")
            credentials.sender = .set("ShopB")
            credentials.gatewayURL = .set("http://127.0.0.1:9")
            let (saved, check) = try await account.update(credentials, of: StoreID(rawValue: 2))
            #expect(saved.sender == "ShopB")
            guard case .valid = check else {
                Issue.record("the stand-in's balance was not taken: \(check)")
                return
            }
            let reread = try await account.settings(of: StoreID(rawValue: 2))
            #expect(reread.apiKey == "key-2" && reread.apiSecret == "secret-secret" && reread.sender == "ShopB")
            #expect(reread.currency == "EUR", "the currency learned with these credentials is cached")
            #expect(try await account.settings(of: .first).apiKey == nil, "store 1's account is untouched")

            var refused = AccountUpdate()
            refused.sender = .set("a sender far too long")
            await #expect(throws: ValidationError.self) { try await account.update(refused, of: StoreID(rawValue: 2)) }
            #expect(try await account.settings(of: StoreID(rawValue: 2)).sender == "ShopB")
        }
    }

    @Test(arguments: StorageBackend.available)
    func changesOfOneStoreMadeTogetherAllApply(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let account = service(storages)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for change in 0..<3 {
                    group.addTask {
                        var update = AccountUpdate()
                        switch change {
                        case 0: update.sender = .set("Shop")
                        case 1: update.adminCountry = .set("MY")
                        default: update.customerCountry = .set("SG")
                        }
                        _ = try await account.update(update, of: .first)
                    }
                }
                try await group.waitForAll()
            }
            let settings = try await account.settings(of: .first)
            #expect(settings.sender == "Shop" && settings.adminCountry == "MY" && settings.customerCountry == "SG")
        }
    }
}
