import Foundation
import HTTPClient
import JSONCore
import Logging
import Notifier
import Synchronization
import TestSupport
import Testing

/// Low-balance alerts over each backend, through the domain (the gateway a scripted stand-in whose balance the
/// test sets): one SMS to the store's admins per fall below the threshold, the next only after a top-up, never
/// one for another store, one only when several watchers see the same fall at once.
@Suite(.timeLimit(.minutes(2))) struct BalanceWatchTests {
    static let store = StoreID(rawValue: 2)

    /// The stand-in gateway: the balance as `balance` holds it, the account's currency MYR.
    final class Gateway: Sendable {
        let balance = Mutex("25")
        var transport: StubTransport {
            StubTransport { request in
                if request.url.contains("/account/pricing") {
                    return HTTPResponse(
                        status: 200,
                        body: Array(#"{"status":0,"destinations":[{"country":"Default","currency":"MYR"}]}"#.utf8))
                }
                let value = self.balance.withLock { $0 }
                return HTTPResponse(status: 200, body: Array(#"{"status":0,"value":\#(value)}"#.utf8))
            }
        }
    }

    struct Harness {
        let gateway = Gateway()
        let account: AccountService
        let watch: BalanceWatch
        let storages: StorageBackend.Storages

        init(_ storages: StorageBackend.Storages) async throws {
            self.storages = storages
            account = AccountService(
                storage: storages.accounts, transport: gateway.transport, logger: Logger(label: "t"))
            let notifications = NotificationService(storage: storages.notifications, account: account)
            watch = Self.watch(storages, account: account, notifications: notifications)
            var credentials = AccountUpdate()
            credentials.apiToken = .set("token-of-store-2")
            credentials.sender = .set("ShopB")
            credentials.gatewayURL = .set("http://127.0.0.1:9")
            _ = try await account.update(credentials, of: BalanceWatchTests.store)
            _ = try await notifications.configure(
                NotificationChange(audience: .admin, adminNumbers: .list(["+60123456789", "+6591234567"])),
                of: BalanceWatchTests.store)
        }

        static func watch(
            _ storages: StorageBackend.Storages, account: AccountService, notifications: NotificationService
        )
            -> BalanceWatch
        {
            BalanceWatch(
                storage: storages.balanceAlerts, account: account, notifications: notifications, queued: Doorbell(),
                logger: Logger(label: "t"), interval: .milliseconds(10))
        }

        /// The store's low-balance SMS rows.
        func alertRows(of store: StoreID = BalanceWatchTests.store) async throws -> [MessageRecord] {
            try await storages.messages().filter {
                $0.eventType == EventMessages.lowBalanceEventType && $0.store == store.rawValue
            }
        }

        /// Sets the gateway's balance and has the watch look at it, as after a send.
        func see(_ balance: String) async throws {
            gateway.balance.withLock { $0 = balance }
            await watch.noteSending(BalanceWatchTests.store)
            await watch.checkNoted()
        }
    }

    @Test(arguments: StorageBackend.available)
    func oneSMSPerFallAndTheNextOnlyAfterATopUp(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let harness = try await Harness(storages)
            let threshold = try LowBalanceThreshold(below: JSONNumber(exactly: "5.50")!, currency: "myr")
            let set = try await harness.watch.configure(threshold, of: Self.store)
            #expect(set?.below == "5.50" && set?.currency == "MYR" && set?.isLow == false)

            try await harness.see("25")
            #expect(try await harness.alertRows().isEmpty, "above the threshold: nothing sent")
            #expect(try await harness.watch.alert(of: Self.store)?.lastBalance == "25")

            try await harness.see("4.2")
            var rows = try await harness.alertRows()
            #expect(rows.count == 2, "one SMS to each of the two admin numbers")
            #expect(Set(rows.map(\.recipient)) == ["60123456789", "6591234567"])
            #expect(rows.allSatisfy { $0.state == .queued && $0.audience == .admin && $0.sender == "ShopB" })
            #expect(rows.first?.text.contains("MYR 4.2 left, below your alert at MYR 5.50") == true)
            #expect(try await harness.watch.alert(of: Self.store)?.isLow == true)

            try await harness.see("3")
            try await harness.see("0")
            #expect(try await harness.alertRows().count == 2, "still below: no second SMS")

            try await harness.see("5.50")
            #expect(try await harness.watch.alert(of: Self.store)?.isLow == false, "topped up to the threshold")
            #expect(try await harness.alertRows().count == 2)

            try await harness.see("1")
            rows = try await harness.alertRows()
            #expect(rows.count == 4, "a new fall after the top-up: told again")
            #expect(try await harness.alertRows(of: .first).isEmpty, "store 1 has no alert and gets nothing")
            #expect(try await harness.watch.alert(of: .first) == nil)

            _ = try await harness.watch.configure(nil, of: Self.store)
            try await harness.see("25")
            try await harness.see("0.5")
            #expect(try await harness.alertRows().count == 4, "removed: nothing more")
        }
    }

    @Test(arguments: StorageBackend.available)
    func watchersSeeingTheSameFallAtOnceSendItOnce(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let harness = try await Harness(storages)
            _ = try await harness.watch.configure(
                try LowBalanceThreshold(below: JSONNumber(10), currency: nil), of: Self.store)
            harness.gateway.balance.withLock { $0 = "2" }
            let notifications = NotificationService(storage: storages.notifications, account: harness.account)
            let watchers = (0..<4).map { _ in
                Harness.watch(storages, account: harness.account, notifications: notifications)
            }
            let balance = Balance(value: JSONNumber(2), currency: "MYR")
            await withTaskGroup(of: Void.self) { group in
                for watcher in watchers {
                    group.addTask { await watcher.observe(balance, of: Self.store) }
                }
            }
            #expect(try await harness.alertRows().count == 2, "one SMS per admin number, whatever the watchers")
        }
    }

    @Test(arguments: StorageBackend.available)
    func aThresholdInAnotherCurrencyIsRefusedInWords(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let harness = try await Harness(storages)
            _ = try await harness.account.balance(of: Self.store)  // learns the currency, MYR
            let euros = try LowBalanceThreshold(below: JSONNumber(5), currency: "EUR")
            do {
                _ = try await harness.watch.configure(euros, of: Self.store)
                Issue.record("a threshold in EUR was taken for an account in MYR")
            } catch let error as ValidationError {
                #expect(error.field == "lowBalanceAlert.currency")
                #expect(error.reason.contains("MYR"))
            }
            #expect(try await harness.watch.alert(of: Self.store) == nil, "nothing saved")
        }
    }

    @Test func thresholdsAreCheckedField_by_field() throws {
        #expect(
            throws: ValidationError(
                field: "lowBalanceAlert.below",
                reason: "must be a positive amount of at most 1000000000, such as 5 or 12.50 (the balance under which "
                    + "the store's admins get an SMS)")
        ) { try LowBalanceThreshold(below: JSONNumber(0), currency: nil) }
        #expect(throws: ValidationError.self) { try LowBalanceThreshold(below: JSONNumber(-1), currency: nil) }
        #expect(throws: ValidationError.self) { try LowBalanceThreshold(below: JSONNumber(5), currency: "RM") }
        #expect(try LowBalanceThreshold(below: JSONNumber(5), currency: " usd ").currency == "USD")
    }
}
