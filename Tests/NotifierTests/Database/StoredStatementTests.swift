import Foundation
import GRDB
import Testing

@testable import Notifier

/// The hot paths' own statements write exactly what GRDB's record persistence writes.
@Suite struct StoredStatementTests {
    @Test func storedDateTextMatchesGRDBsFormatterOverCenturiesAndMilliseconds() {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: -1),
            Date(timeIntervalSince1970: 951_782_400.999_9),  // 2000-02-29 23:59:59.999
            Date(timeIntervalSince1970: 4_107_542_400),  // 2100-03-01, not a leap year's day after
            Date(timeIntervalSince1970: -2_208_988_800.25),  // 1900-01-01, before the epoch
            Date(timeIntervalSince1970: 1_795_000_000.123),
        ]
        for _ in 0..<50_000 {
            dates.append(
                Date(timeIntervalSince1970: Double.random(in: -3_000_000_000...6_000_000_000, using: &generator)))
        }
        for date in dates {
            #expect(
                StoredDate.text(date) == String.fromDatabaseValue(date.databaseValue), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func storedDateTextFallsBackOutsideFourDigitYears() {
        let far = Date(timeIntervalSince1970: 300_000_000_000)
        #expect(StoredDate.text(far) == String.fromDatabaseValue(far.databaseValue))
    }

    @Test func messageInsertStatementStoresWhatTheRecordInsertStores() throws {
        let database = try AppDatabase.inMemory()
        let time = Date(timeIntervalSince1970: 1_795_000_000.5)
        let record = MessageRecord(
            id: nil, origin: .event, eventRef: nil, broadcastID: 7, audience: .customer,
            eventType: "store/order/created",
            eventID: "250", orderID: "250", sender: "Shop", text: "Hello", recipientTyped: "+60 12-345 4567",
            recipient: "60123454567", encoding: "GSM-7", parts: 1, state: .queued, reason: "a reason", attempts: 2,
            nextAttemptAt: time.addingTimeInterval(5), priority: 1, gatewayStatus: 3, gatewayResponse: "words",
            msgid: "m-1", deliveredAt: time.addingTimeInterval(9), deliveryErrorCode: 5, statusChecks: 4,
            nextStatusCheckAt: time.addingTimeInterval(60), createdAt: time, updatedAt: time.addingTimeInterval(1))
        try database.writer.write { db in
            var byRecord = record
            try byRecord.insert(db)
            var byStatement = record
            byStatement.recipient = "60123450000"
            #expect(try byStatement.insertUnlessPresent(db))
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM messages ORDER BY id")
            #expect(rows.count == 2)
            #expect(rows[1]["recipient"] == "60123450000")
            for column in rows[0].columnNames where !["id", "recipient"].contains(column) {
                #expect(rows[1][column] as DatabaseValue == rows[0][column] as DatabaseValue, "\(column)")
            }
            #expect(rows[0].columnNames.count == 29, "every column, the store among them")
            #expect(try MessageRecord.fetchOne(db, key: byStatement.id) == byStatement)
        }
    }

    @Test func messageInsertStatementIgnoresASecondRowForTheSameEventAudienceAndNumber() throws {
        let database = try AppDatabase.inMemory()
        let time = Date(timeIntervalSince1970: 1_795_000_000)
        try database.writer.write { db in
            var event = EventRecord(
                id: nil, scope: "store/order/created", dedupeKey: "k", storeID: nil, eventID: "1", orderID: "1",
                payload: "{}", resources: nil, createdAt: nil, receivedAt: time, state: .received, processedAt: nil,
                note: nil)
            try event.insertNew(db)
            var message = MessageRecord(
                id: nil, origin: .event, eventRef: event.id, broadcastID: nil, audience: .admin,
                eventType: event.scope, eventID: "1", orderID: "1", sender: nil, text: "t", recipientTyped: nil,
                recipient: "60123454567", encoding: "GSM-7", parts: 1, state: .queued, reason: nil, attempts: 0,
                nextAttemptAt: time, priority: 0, gatewayStatus: nil, gatewayResponse: nil, msgid: nil,
                deliveredAt: nil, statusChecks: 0, nextStatusCheckAt: nil, createdAt: time, updatedAt: time)
            #expect(try message.insertUnlessPresent(db))
            var again = message
            again.id = nil
            #expect(try again.insertUnlessPresent(db) == false)
            #expect(again.id == nil)
            #expect(try MessageRecord.fetchCount(db) == 1)
        }
    }

    @Test func eventStatementsStoreWhatTheRecordStores() throws {
        let database = try AppDatabase.inMemory()
        let time = Date(timeIntervalSince1970: 1_795_000_000.25)
        try database.writer.write { db in
            var event = EventRecord(
                id: nil, scope: "store/order/updated", dedupeKey: "key-1", storeID: "s", eventID: "9", orderID: "9",
                payload: "{\"a\":1}", resources: "{\"order\":{}}", createdAt: 1_700_000_000, receivedAt: time,
                state: .received, processedAt: nil, note: nil, lookupAttempts: 1, nextLookupAt: time)
            try event.insertNew(db)
            #expect(try EventRecord.id(dedupeKey: "key-1", store: .first, db) == event.id)
            #expect(try EventRecord.id(dedupeKey: "key-2", store: .first, db) == nil)
            #expect(try EventRecord.fetchOne(db, key: event.id) == event)
            event.state = .processed
            event.processedAt = time.addingTimeInterval(2)
            event.note = "done"
            event.lookupAttempts = 3
            event.nextLookupAt = nil
            try event.saveProgress(db)
            #expect(try EventRecord.fetchOne(db, key: event.id) == event)
            #expect(try EventRecord.state(id: event.id ?? 0, db) == .processed)
            #expect(try EventRecord.state(id: 999, db) == nil)
        }
    }
}
