import Foundation
import Logging
import TestSupport
import Testing

@testable import Notifier

/// The history's storage over each backend, alike: search terms taken literally, the sorts' order, two stores
/// apart, and an export handed over as it is read.
@Suite(.timeLimit(.minutes(2))) struct HistoryStorageTests {
    /// A row of `store` holding `text`, sent by `sender`.
    static func row(_ text: String, sender: String? = "Shop", store: Int64 = 1, minute: Int = 0) -> MessageRecord {
        var record = HistoryTests.record(
            "store/order/created", eventID: "7", orderID: "7", text: text, recipient: "60123454567", state: .sent,
            response: "Message sent", time: HistoryTests.start.addingTimeInterval(Double(minute) * 60), store: store)
        record.sender = sender
        return record
    }

    static func found(_ search: String, _ history: HistoryStore, store: StoreID = .first) async throws -> [String] {
        var query = HistoryQuery(store: store)
        query.search = search
        query.descending = false
        return try await history.page(query, page: 1, pageSize: 50).rows.map(\.text)
    }

    @Test(arguments: StorageBackend.available)
    func searchTermsAreTakenLiterally(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await storages.insert(
                ["50% OFF today", "5000 off today", "code a_b", "code axb", "path a\\b", "path ab"].map { Self.row($0) }
            )
            #expect(try await Self.found("50%", history) == ["50% OFF today"], "% is no wildcard")
            #expect(try await Self.found("%", history) == ["50% OFF today"], "a short % is no wildcard either")
            #expect(try await Self.found("a_b", history) == ["code a_b"], "_ is no wildcard")
            #expect(try await Self.found("_", history) == ["code a_b"])
            #expect(try await Self.found("a\\b", history) == ["path a\\b"], "a backslash is itself")
            #expect(try await Self.found("\\", history) == ["path a\\b"])
            #expect(try await Self.found("off", history) == ["50% OFF today", "5000 off today"], "in any case")
            #expect(try await Self.found("Of", history) == ["50% OFF today", "5000 off today"], "short ones too")
            #expect(try await Self.found("off 50%", history) == ["50% OFF today"], "every word")
            #expect(try await Self.found("shop", history).count == 6, "the sender is searched")
        }
    }

    @Test(arguments: StorageBackend.available)
    func sortsCompareBytesWithMissingValuesFirst(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await storages.insert(
                [("b", "b"), ("none", nil), ("B", "B"), ("é", "é"), ("a", "a"), ("b again", "b")].map {
                    Self.row($0.0, sender: $0.1)
                })
            var query = HistoryQuery(store: .first)
            query.sort = .sender
            query.descending = false
            let ascending = try await history.page(query, page: 1, pageSize: 10).rows.map(\.text)
            #expect(ascending == ["none", "B", "a", "b", "b again", "é"])
            query.descending = true
            let descending = try await history.page(query, page: 1, pageSize: 10).rows.map(\.text)
            #expect(descending == ["é", "b again", "b", "a", "B", "none"])
            let second = try await history.page(query, page: 2, pageSize: 4).rows.map(\.text)
            #expect(second == ["B", "none"], "pages follow the same order")
        }
    }

    @Test(arguments: StorageBackend.available)
    func twoStoresNeverSeeEachOthersRows(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            let second = StoreID(rawValue: 2)
            try await HistoryTests.seedRows(storages, store: 1)
            try await HistoryTests.seedRows(storages, store: 2)
            try await storages.insert([Self.row("only the second's", store: 2)])
            let rows = try await storages.messages()
            let firstIDs = rows.filter { $0.store == 1 }.compactMap(\.id)
            let secondIDs = rows.filter { $0.store == 2 }.compactMap(\.id)
            #expect(firstIDs.count == 4 && secondIDs.count == 5)

            let pageOfFirst = try await history.page(HistoryQuery(store: .first), page: 1, pageSize: 50)
            #expect(Set(pageOfFirst.rows.compactMap(\.id)) == Set(firstIDs) && pageOfFirst.total == 4)
            let pageOfSecond = try await history.page(HistoryQuery(store: second), page: 1, pageSize: 50)
            #expect(Set(pageOfSecond.rows.compactMap(\.id)) == Set(secondIDs) && pageOfSecond.total == 5)
            #expect(try await Self.found("second's", history).isEmpty)
            #expect(try await Self.found("second's", history, store: second) == ["only the second's"])
            var query = HistoryQuery(store: .first)
            query.search = "4567"
            query.from = HistoryTests.start
            #expect(try await history.count(query) == 1)
            let cursor = try await history.page(HistoryQuery(store: .first), page: 1, pageSize: 1, cursor: Int64.max)
            #expect(cursor.rows.first?.store == 1)

            #expect(try await history.message(id: secondIDs[0], store: .first) == nil, "another store's row")
            #expect(try await history.message(id: secondIDs[0], store: second)?.message.id == secondIDs[0])
            let export = try await HistoryExport(store: history).export(
                HistoryQuery(store: second), format: .csv, path: nil)
            #expect(export.rows == 5 && export.inline?.contains("only the second's") == true)
            #expect(
                try await HistoryExport(store: history).export(HistoryQuery(store: .first), format: .csv, path: nil)
                    .inline?.contains("only the second's") == false)

            let retention = HistoryRetention(storage: storages.retention, logger: Logger(label: "test"))
            let pruned = try await retention.prune(before: HistoryTests.start.addingTimeInterval(3600), store: .first)
            #expect(pruned.messages == 4)
            #expect(try await history.count(HistoryQuery(store: second)) == 5, "the other store's rows stay")
            _ = try await retention.setRetention(days: 7, store: second)
            #expect(try await retention.settings(of: .first).retentionDays == nil)
            #expect(try await retention.settings(of: second).retentionDays == 7)
        }
    }

    /// What an export's runs over the rows saw.
    struct Runs: Sendable {
        var count = 0
        var largest = 0
        var ids: [String] = []
    }

    @Test(arguments: StorageBackend.available)
    func anExportIsHandedOverAsItIsRead(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            let total = 1_234
            try await storages.insert(
                (0..<total).map { Self.row("Order \($0) shipped", store: 1 + Int64($0 % 2), minute: $0) })
            try await storages.insert((0..<total).map { Self.row("Order \($0) shipped", minute: total + $0) })
            let ownIDs = try await storages.messages().filter { $0.store == 1 }.compactMap(\.id).map(String.init)
            let idColumn = try #require(HistoryColumns.names.firstIndex(of: "ID"))
            let runs = try await storages.history.exportRows(HistoryQuery(store: .first), from: Runs()) { runs, rows in
                var read = 0
                while try rows.next() {
                    read += 1
                    runs.ids.append(rows.withCell(idColumn) { String(decoding: $0, as: UTF8.self) })
                }
                runs.count += 1
                runs.largest = max(runs.largest, read)
            }
            #expect(runs.ids == ownIDs.reversed(), "every row of the store, newest first")
            if backend == .postgres {
                #expect(runs.count == 4 && runs.largest == 500, "a page at a time")
            } else {
                #expect(runs.count == 1, "one read, each row read in place")
            }

            var query = HistoryQuery(store: .first)
            query.search = "shipped"
            query.sort = .message
            query.descending = false
            let exported = try await HistoryExport(store: history).export(query, format: .jsonl, path: nil)
            #expect(exported.rows == ownIDs.count)
            let texts = try #require(exported.inline).split(separator: "\n").map { line in
                String(line.split(separator: ",")[5])
            }
            let paged = try await history.page(query, page: 1, pageSize: 500).rows.map { "\"message\":\"\($0.text)\"" }
            #expect(Array(texts.prefix(500)) == paged, "the export's order is the pages' order")
        }
    }
}
