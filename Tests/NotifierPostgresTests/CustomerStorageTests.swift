import Foundation
import Logging
import Notifier
import TestSupport
import Testing

/// The customer directory over each backend, through the domain (the store's API a stand-in): a sync copies the
/// store's customers, goes on where an interruption stopped it and removes those the store no longer has; imports
/// and customers added by hand are matched by their store id and their phones checked; the listing searches,
/// filters and orders as SQLite does; and one store's customers are never another's.
@Suite(.timeLimit(.minutes(2))) struct CustomerStorageTests {
    static let second = StoreID(rawValue: 2)

    /// The directory over `storages`, its customers' phones read as Malaysian, the store's API answering `pages`
    /// and saying it has `total` (a page it does not have fails, as an interruption).
    static func directory(
        _ storages: StorageBackend.Storages, pages: [[String]], total: Int? = nil, of store: StoreID = .first
    ) async throws -> CustomerDirectory {
        let account = AccountService(
            storage: storages.accounts, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
        var country = AccountUpdate()
        country.customerCountry = .set("MY")
        _ = try await account.update(country, of: store)
        // The store's connection is not behind a storage yet: it lives in a database of its own here.
        let connection = StoreService(
            database: try AppDatabase.inMemory(), transport: Self.store(pages, total: total),
            logger: Logger(label: "test"))
        var update = StoreUpdate()
        update.storeHash = .set("abc123")
        update.accessToken = .set("token")
        update.apiURL = .set("http://127.0.0.1:9")
        _ = try await connection.update(update, of: store)
        return CustomerDirectory(storage: storages.customers, account: account, store: connection)
    }

    /// A store whose API has `pages` of customers, saying it has `total` pages.
    static func store(_ pages: [[String]], total: Int? = nil) -> StubTransport {
        var routes: [String: (status: Int, body: String)] = ["/v2/store": (200, #"{"name":"My Shop"}"#)]
        for (index, customers) in pages.enumerated() {
            let number = index + 1
            let next = number < (total ?? pages.count) ? #"{"next":"?page=\#(number + 1)"}"# : "{}"
            routes["page=\(number)"] = (
                200,
                #"{"data":[\#(customers.joined(separator: ","))],"meta":{"pagination":{"total_pages":\#(total ?? pages.count),"links":\#(next)}}}"#
            )
        }
        return StubTransport(routes: routes)
    }

    static func customer(_ id: Int, phone: String?, addressPhone: String? = nil) -> String {
        let own = phone.map { #""phone":"\#($0)","# } ?? #""phone":"","#
        let address = addressPhone.map { #"[{"phone":"\#($0)","country_code":"MY"}]"# } ?? "[]"
        return
            #"{"id":\#(id),"first_name":"C\#(id)","last_name":"L","email":"c\#(id)@example.com",\#(own)"addresses":\#(address)}"#
    }

    @Test(arguments: StorageBackend.available)
    func aSyncGoesOnWhereItStoppedAndRemovesWhatTheStoreNoLongerHas(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let pages = [
                [Self.customer(1, phone: "+60123456789"), Self.customer(2, phone: nil, addressPhone: "012-345 6790")],
                [Self.customer(3, phone: nil)],
            ]
            // The store answers its first page only: the run stops after it, its progress saved.
            let interrupted = try await Self.directory(storages, pages: [pages[0]], total: 2)
            await #expect(throws: (any Error).self) { try await interrupted.sync(of: .first) }
            let directory = try await Self.directory(storages, pages: pages)
            let first = try await directory.sync(of: .first)
            #expect(first.resumed && first.added == 3 && first.withoutPhone == 1 && first.pages == 2)
            #expect(first.removed == 0 && first.totalPages == 2)
            let reachable = try await directory.list(search: nil, hasPhone: true, page: 1, pageSize: 10, store: .first)
            #expect(Set(reachable.customers.compactMap(\.phoneDigits)) == ["60123456789", "60123456790"])
            #expect(reachable.total == 2)
            let unreachable = try await directory.list(
                search: nil, hasPhone: false, page: 1, pageSize: 10, store: .first)
            #expect(unreachable.customers.map(\.phoneReason) == ["no phone number"])

            _ = try await directory.upsert(.init(firstName: "Kept", phone: "012-345 6799"), store: .first)
            let again = try await Self.directory(storages, pages: [[Self.customer(1, phone: "+60123456789")]])
            let second = try await again.sync(of: .first)
            #expect(!second.resumed && second.updated == 1 && second.added == 0 && second.removed == 2)
            let left = try await again.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: .first)
            #expect(left.customers.map(\.firstName) == ["Kept", "C1"], "customers added by hand are not the store's")
            #expect(left.customers.map(\.source) == [.manual, .store])
        }
    }

    @Test(arguments: StorageBackend.available)
    func importsAndCustomersByHandAreMatchedByTheirStoreIDAndListedInOrder(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let directory = try await Self.directory(storages, pages: [])
            let csv =
                "id,first_name,last_name,email,phone\r\n7,\"Rahman, Aisyah\",R,a@example.com,012-345 6789\r\n"
                + "8,Land,Line,l@example.com,03-2161 2345\r\n,No,Phone,n@example.com,\r\n"
                + "7,Aisyah,Rahman,a@example.com,012-345 6780\r\n"
            let imported = try await directory.importCustomers(csv, format: .csv, store: .first)
            #expect(imported.added == 3 && imported.updated == 1 && imported.withoutPhone == 1, "\(imported)")
            #expect(imported.refused.map(\.row) == [2])
            #expect(imported.refused.first?.reason.contains("fixed-line") == true)
            let again = try await directory.importCustomers(
                #"{"id":8,"firstName":"Land","lastName":"Line","phone":"+60134567890"}"#, format: .jsonl,
                store: .first)
            #expect(again.added == 0 && again.updated == 1 && again.refused.isEmpty)

            let byHand = try await directory.upsert(
                .init(
                    storeCustomerID: 7, firstName: "Aisyah", lastName: "Rahman", email: "a@example.com",
                    phone: "012-345 6781"),
                store: .first)
            #expect(byHand.phoneDigits == "60123456781" && byHand.source == .import, "matched: still the import's")
            let added = try await directory.upsert(.init(firstName: "Zed", phone: "not a phone"), store: .first)
            #expect(added.id != nil && added.phoneDigits == nil && added.phoneReason != nil && added.source == .manual)
            #expect(try await directory.customer(id: try #require(added.id), store: .first) == added)

            let all = try await directory.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: .first)
            #expect(all.total == 4)
            #expect(all.customers.map(\.firstName) == ["Zed", "Land", "No", "Aisyah"], "no last name first, then A-Z")
            let page = try await directory.list(search: nil, hasPhone: nil, page: 2, pageSize: 3, store: .first)
            #expect(page.customers.map(\.firstName) == ["Aisyah"] && page.total == 4)
            for (search, found) in [
                ("aisyah", ["Aisyah"]), ("a@EXAMPLE", ["Aisyah"]), ("6013456", ["Land"]), ("345 678", ["Aisyah"]),
                ("\\", []), ("", ["Zed", "Land", "No", "Aisyah"]),
            ] {
                let result = try await directory.list(
                    search: search, hasPhone: nil, page: 1, pageSize: 10, store: .first)
                #expect(result.customers.map(\.firstName) == found && result.total == found.count, "\(search)")
            }
            #expect(
                try await directory.list(search: nil, hasPhone: nil, page: .max, pageSize: 500, store: .first)
                    .customers.isEmpty)
        }
    }

    @Test(arguments: StorageBackend.available)
    func eachStoresCustomersAreItsOwn(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let first = try await Self.directory(storages, pages: [[Self.customer(7, phone: "+60123456789")]])
            let second = try await Self.directory(
                storages, pages: [[Self.customer(9, phone: "+60123456788")]], of: Self.second)
            #expect(try await first.sync(of: .first).added == 1)
            let mine = try await second.upsert(
                .init(storeCustomerID: 7, firstName: "Other", phone: "012-000 0000"), store: Self.second)
            #expect(try await second.sync(of: Self.second).added == 1)
            #expect(try await first.sync(of: .first).updated == 1, "store 1's customer 7, not store 2's")
            let ofFirst = try await first.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: .first)
            let ofSecond = try await second.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: Self.second)
            #expect(ofFirst.customers.map(\.firstName) == ["C7"] && ofFirst.customers.map(\.store) == [1])
            #expect(ofSecond.customers.compactMap(\.firstName).sorted() == ["C9", "Other"])
            #expect(try await first.customer(id: try #require(mine.id), store: .first) == nil)
            #expect(try await second.customer(id: try #require(mine.id), store: Self.second)?.firstName == "Other")
            #expect(
                try await first.list(search: "Other", hasPhone: nil, page: 1, pageSize: 10, store: .first).total == 0)
            let imported = try await first.importCustomers(
                "id,first_name,phone\n9,Mine,012-345 6787\n", format: .csv, store: .first)
            #expect(imported.added == 1, "store 2's customer 9 is not store 1's")
            let after = try await second.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: Self.second)
            #expect(after.customers.compactMap(\.firstName).sorted() == ["C9", "Other"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func importsMadeTogetherAddEachStoreCustomerOnce(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let directories = [
                try await Self.directory(storages, pages: []), try await Self.directory(storages, pages: []),
            ]
            let csv =
                "id,first_name,phone\n"
                + (1...200).map { "\($0),C\($0),+60 12-3\(String(format: "%06d", $0))" }
                .joined(separator: "\n")
            let outcomes = try await withThrowingTaskGroup(of: CustomerImport.Outcome.self) { group in
                for index in 0..<4 {
                    group.addTask { try await directories[index % 2].importCustomers(csv, format: .csv, store: .first) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.map(\.added).reduce(0, +) == 200 && outcomes.map(\.updated).reduce(0, +) == 600)
            #expect(
                try await directories[0].list(search: nil, hasPhone: true, page: 1, pageSize: 1, store: .first).total
                    == 200)
        }
    }
}
