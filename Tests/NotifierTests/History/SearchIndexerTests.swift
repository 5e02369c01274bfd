import Foundation
import GRDB
import Logging
import Testing

@testable import Notifier

/// The search index filled in the background: every row found, with its latest words, whenever it was indexed.
@Suite struct SearchIndexerTests {
    let database: AppDatabase
    let history: HistoryStore
    static let time = Date(timeIntervalSince1970: 1_795_000_000)

    init() throws {
        database = try AppDatabase.inMemory()
        history = HistoryStore(database: database)
    }

    private func insert(_ text: String, response: String? = nil) async throws -> Int64 {
        try await database.writer.write { db in
            var record = MessageRecord(
                id: nil, origin: .event, eventRef: nil, broadcastID: nil, audience: .admin,
                eventType: "store/order/created", eventID: "1", orderID: "1", sender: "Shop", text: text,
                recipientTyped: nil, recipient: "60123454567", encoding: "GSM-7", parts: 1, state: .sending,
                reason: nil, attempts: 1, nextAttemptAt: nil, priority: 0, gatewayStatus: nil,
                gatewayResponse: response, msgid: nil, deliveredAt: nil, statusChecks: 0, nextStatusCheckAt: nil,
                createdAt: Self.time, updatedAt: Self.time)
            try record.insert(db)
            return try #require(record.id)
        }
    }

    private func setResponse(_ id: Int64, _ response: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE messages SET gateway_response = ? WHERE id = ?", arguments: [response, id])
        }
    }

    private func found(_ words: String) async throws -> Int {
        var query = HistoryQuery(store: .first)
        query.search = words
        return try await history.count(query)
    }

    private func pending() async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM messages_search_pending") ?? -1
        }
    }

    /// Rows the full-text index itself holds for `words`, without the catch-up a search does first.
    private func indexed(_ words: String) async throws -> Int {
        try await database.writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM messages_search WHERE messages_search MATCH ?", arguments: [words]) ?? -1
        }
    }

    @Test func aNewRowWaitsForTheIndexerYetASearchFindsItAtOnce() async throws {
        _ = try await insert("Parcel shipped to Kuala Lumpur")
        #expect(try await pending() == 1)
        #expect(try await indexed("Lumpur") == 0, "not indexed in the writing transaction")
        #expect(try await found("Lumpur") == 1, "the search indexes what is queued first")
        #expect(try await pending() == 0)
        #expect(try await indexed("Lumpur") == 1)
    }

    @Test func aRowSettledBeforeItIsIndexedIsIndexedWithItsSettledWords() async throws {
        let id = try await insert("Order 250 created", response: nil)
        try await setResponse(id, "Authorization failed")
        #expect(try await found("Authorization") == 1)
        try await setResponse(id, "Message sent")
        #expect(try await found("Authorization") == 0, "the old words leave the index")
        #expect(try await found("Message sent") == 1)
        #expect(try await found("Order 250") == 1)
    }

    @Test func deletedRowsLeaveTheIndexAndTheQueue() async throws {
        let indexedRow = try await insert("Refund issued for order 77")
        #expect(try await found("Refund") == 1)
        let queuedRow = try await insert("Refund issued for order 78")
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM messages WHERE id IN (?, ?)", arguments: [indexedRow, queuedRow])
        }
        #expect(try await pending() == 0)
        #expect(try await found("Refund") == 0)
        _ = try await insert("Refund issued for order 79")
        #expect(try await found("Refund") == 1, "the index is sound after both kinds of delete")
        let check = try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO messages_search(messages_search, rank) VALUES ('integrity-check', 0)")
            return true
        }
        #expect(check)
    }

    @Test func largeQueuesAreIndexedInBatches() async throws {
        try await database.writer.write { db in
            for number in 0..<(SearchIndexer.batchSize + 10) {
                try db.execute(
                    sql: """
                        INSERT INTO messages(origin, event_type, text, recipient, encoding, parts, state, attempts,
                            priority, status_checks, created_at, updated_at)
                        VALUES ('event', 'store/cart/abandoned', ?, '60123454567', 'GSM-7', 1, 'sent', 1, 0, 0, ?, ?)
                        """, arguments: ["Cart \(number) waits", Self.time, Self.time])
            }
        }
        #expect(try await SearchIndexer.catchUp(database) == SearchIndexer.batchSize + 10)
        #expect(try await indexed("waits") == SearchIndexer.batchSize + 10)
        #expect(try await SearchIndexer.catchUp(database) == 0)
    }

    @Test func theServiceIndexesInTheBackground() async throws {
        _ = try await insert("Background words")
        let indexer = SearchIndexer(database: database, logger: Logger(label: "test"), interval: .milliseconds(10))
        let task = Task { try await indexer.run() }
        defer { task.cancel() }
        let deadline = ContinuousClock.now + .seconds(10)
        while try await pending() > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await indexed("Background") == 1)
    }
}
