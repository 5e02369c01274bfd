import Foundation
import Logging
import Notifier
import Synchronization
import TestSupport
import Testing

/// The opt-outs over each backend, through the domain: numbers checked as typed with their country code, a
/// number opted out once (the first entry kept), listed newest first, removed; whether they apply to event SMS;
/// and one store's opt-outs never another's.
@Suite(.timeLimit(.minutes(2))) struct OptOutStorageTests {
    static let second = StoreID(rawValue: 2)

    /// The opt-outs over `storages`, with a clock that moves a second at each look.
    static func optOuts(_ storages: StorageBackend.Storages) async throws -> OptOuts {
        let account = AccountService(
            storage: storages.accounts, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
        for store in [StoreID.first, second] {
            var country = AccountUpdate()
            country.customerCountry = .set("MY")
            _ = try await account.update(country, of: store)
        }
        let clock = Clock()
        return OptOuts(storage: storages.optOuts, account: account, now: { clock.tick() })
    }

    final class Clock: Sendable {
        private let seconds = Mutex(0)
        func tick() -> Date {
            Date(
                timeIntervalSince1970: 1_795_000_000
                    + Double(
                        seconds.withLock {
                            $0 += 1; return $0
                        }))
        }
    }

    @Test(arguments: StorageBackend.available)
    func aNumberOptsOutOnceIsListedNewestFirstAndRemoved(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let optOuts = try await Self.optOuts(storages)
            let first = try await optOuts.add(
                "+60 13-456 7890", source: "customer", note: "replied STOP", store: .first)
            #expect(first.number == "60134567890" && first.typed == "+60 13-456 7890" && first.store == 1)
            let again = try await optOuts.add("60134567890", source: "import", note: nil, store: .first)
            #expect(again == first, "adding it again keeps the first entry")
            _ = try await optOuts.add("60123456789", source: nil, note: nil, store: .first)
            _ = try await optOuts.add("+60 19-876 5432", source: "admin", note: nil, store: .first)
            let bad = await #expect(throws: ValidationError.self) {
                try await optOuts.add("0123456789", source: nil, note: nil, store: .first)
            }
            #expect(bad?.field == "number")
            await #expect(throws: ValidationError.self) {
                try await optOuts.add("60123456780", source: "not valid!", note: nil, store: .first)
            }

            let all = try await optOuts.list(limit: 10, offset: 0, store: .first)
            #expect(all.total == 3 && all.entries.map(\.number) == ["60198765432", "60123456789", "60134567890"])
            #expect(all.entries.map(\.source) == ["admin", "admin", "customer"])
            let page = try await optOuts.list(limit: 2, offset: 2, store: .first)
            #expect(page.total == 3 && page.entries.map(\.number) == ["60134567890"])
            #expect(
                try await optOuts.optedOut(among: ["60123456789", "", "60199999999", "60123456789"], store: .first)
                    == ["60123456789"])
            #expect(try await optOuts.remove("+60 12-345 6789", store: .first))
            #expect(try await optOuts.remove("60123456789", store: .first) == false, "not opted out any more")
            #expect(try await optOuts.list(limit: 10, offset: 0, store: .first).total == 2)

            #expect(try await optOuts.appliesToEvents(store: .first) == false, "off until the store says so")
            try await optOuts.setAppliesToEvents(true, store: .first)
            #expect(try await optOuts.appliesToEvents(store: .first))
            try await optOuts.setAppliesToEvents(false, store: .first)
            #expect(try await optOuts.appliesToEvents(store: .first) == false)
        }
    }

    @Test(arguments: StorageBackend.available)
    func eachStoresOptOutsAreItsOwn(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let optOuts = try await Self.optOuts(storages)
            let mine = try await optOuts.add("60134567890", source: "customer", note: "first", store: .first)
            let theirs = try await optOuts.add("60134567890", source: "admin", note: "second", store: Self.second)
            #expect(theirs.store == 2 && theirs.note == "second" && mine.note == "first", "one number, two entries")
            _ = try await optOuts.add("60123456789", source: nil, note: nil, store: Self.second)
            #expect(try await optOuts.list(limit: 10, offset: 0, store: .first).entries == [mine])
            #expect(try await optOuts.list(limit: 10, offset: 0, store: Self.second).total == 2)
            #expect(
                try await optOuts.optedOut(among: ["60123456789", "60134567890"], store: .first) == ["60134567890"])
            try await optOuts.setAppliesToEvents(true, store: Self.second)
            #expect(try await optOuts.appliesToEvents(store: .first) == false)
            #expect(try await optOuts.remove("60134567890", store: Self.second))
            #expect(try await optOuts.list(limit: 10, offset: 0, store: .first).entries == [mine], "store 1's stays")
            #expect(try await optOuts.optedOut(among: ["60134567890"], store: Self.second).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.available)
    func aNumberOptedOutTogetherIsKeptOnce(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let optOuts = try await Self.optOuts(storages)
            let entries = try await withThrowingTaskGroup(of: OptOuts.Entry.self) { group in
                for source in ["admin", "customer", "import", "api"] {
                    group.addTask { try await optOuts.add("60134567890", source: source, note: nil, store: .first) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(entries.map(\.source)).count == 1, "every one answered the entry kept")
            let listed = try await optOuts.list(limit: 10, offset: 0, store: .first)
            #expect(listed.total == 1 && listed.entries.map(\.source) == [entries[0].source])
        }
    }
}
