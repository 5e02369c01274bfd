import Foundation
import JSONCore
import Logging
import TestSupport
import Testing

@testable import Notifier

/// The history over each backend: search, filters, pages, export, pruning.
@Suite(.timeLimit(.minutes(2))) struct HistoryTests {
    static let start = Date(timeIntervalSince1970: 1_632_114_489)

    /// An SMS row of `store` made at `time`, sent by "Test" to `recipient`.
    static func record(
        _ eventType: String, eventID: String?, orderID: String?, text: String, recipient: String,
        state: MessageState, response: String?, time: Date = start, store: Int64 = 1
    ) -> MessageRecord {
        var record = MessageRecord(
            id: nil, origin: eventType == "SMS Broadcast" ? .broadcast : .event, eventRef: nil, broadcastID: nil,
            audience: eventType == "SMS Broadcast" ? nil : .admin, eventType: eventType, eventID: eventID,
            orderID: orderID, sender: "Test", text: text, recipientTyped: recipient, recipient: recipient,
            encoding: "GSM-7", parts: 1, state: state, reason: nil, attempts: 1, nextAttemptAt: nil, priority: 0,
            gatewayStatus: state == .sent ? 0 : 1, gatewayResponse: response, msgid: nil, deliveredAt: nil,
            statusChecks: 0, nextStatusCheckAt: nil, createdAt: time, updatedAt: time)
        record.store = store
        return record
    }

    /// Rows like the seed's table, a minute apart: a broadcast, two shipment updates (one refused), a refund.
    static func seedRows(_ storages: StorageBackend.Storages, store: Int64 = 1) async throws {
        let rows: [(String, String?, String?, String, String, MessageState, String)] = [
            (
                "store/order/refund/created", "102", "102", "Order refund 29 created for order 102.", "60103333933",
                .sent, "Message sent"
            ),
            (
                "store/shipment/updated", "1", "102", "Shipment 1 created for order 102 updated.", "60103333933",
                .failed, "Authorization failed"
            ),
            (
                "store/shipment/updated", "1", "102", "Shipment 1 created for order 102 updated.", "60123454567", .sent,
                "Message sent"
            ),
            ("SMS Broadcast", nil, nil, "testing", "60103333934", .sent, "Message sent"),
        ]
        try await storages.insert(
            rows.enumerated().map { index, row in
                record(
                    row.0, eventID: row.1, orderID: row.2, text: row.3, recipient: row.4, state: row.5,
                    response: row.6, time: start.addingTimeInterval(Double(index) * 60), store: store)
            })
    }

    static func texts(_ query: HistoryQuery, _ history: HistoryStore) async throws -> [String] {
        try await history.page(query, page: 1, pageSize: 10).rows.map(\.recipient)
    }

    @Test(arguments: StorageBackend.available)
    func theSearchBoxFindsWordsAnywhere(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await Self.seedRows(storages)
            var query = HistoryQuery(store: .first)
            query.search = "4567"
            #expect(try await Self.texts(query, history) == ["60123454567"], "a number fragment")
            query.search = "shipment"
            #expect(try await history.count(query) == 2, "a word inside store/shipment/updated")
            query.search = "AUTHORIZATION"
            #expect(try await Self.texts(query, history) == ["60103333933"], "the gateway's words, any case")
            query.search = "102 refund"
            #expect(try await history.count(query) == 1, "every word must match")
            query.search = "29"
            #expect(try await history.count(query) == 1, "short words are scanned")
            query.search = "\"quoted\" OR *"
            #expect(try await history.count(query) == 0, "search syntax is taken as text")
        }
    }

    @Test(arguments: StorageBackend.available)
    func filtersPagesAndTheNewestFirst(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await Self.seedRows(storages)
            var query = HistoryQuery(store: .first)
            let first = try await history.page(query, page: 1, pageSize: 3)
            #expect(first.total == 4 && first.rows.map(\.eventType).first == "SMS Broadcast", "newest first")
            let second = try await history.page(query, page: 2, pageSize: 3)
            #expect(second.rows.map(\.eventType) == ["store/order/refund/created"])
            let walked = try await history.page(query, page: 1, pageSize: 3, cursor: first.nextCursor)
            #expect(walked.rows.map(\.id) == second.rows.map(\.id), "the cursor gives the rows after")
            query.orderID = "102"
            query.states = [.sent]
            #expect(try await history.count(query) == 2)
            query = HistoryQuery(store: .first)
            query.from = Self.start.addingTimeInterval(60)
            query.to = Self.start.addingTimeInterval(180)
            #expect(
                try await Self.texts(query, history) == ["60123454567", "60103333933"],
                "made at or after from, before to")
            query = HistoryQuery(store: .first)
            query.sort = .recipient
            query.descending = false
            #expect(try await Self.texts(query, history).first == "60103333933")
            #expect(
                try await history.page(HistoryQuery(store: .first), page: Int.max, pageSize: 500).rows.isEmpty,
                "no overflow")
        }
    }

    @Test func aStatusFilterIsCheckedAndNamesWhatItAccepts() throws {
        var filter = HistoryFilter()
        filter.status = "success"
        #expect(try filter.query(store: .first).states == [.sent, .delivered])
        filter.status = "Done"
        let error = #expect(throws: ValidationError.self) { try filter.query(store: .first) }
        #expect(error?.field == "status" && error?.accepted == ["Success", "Fail", "Pending"])
        filter = HistoryFilter()
        filter.from = "yesterday"
        #expect(throws: ValidationError.self) { try filter.query(store: .first) }
        filter.from = "2021-09-20 05:08:09.000Z"
        #expect(try filter.query(store: .first).from == Self.start)
    }

    @Test func cellsASpreadsheetWouldRunAreNeutralised() {
        #expect(CSVCell.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVCell.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVCell.field("+1-555") == "'+1-555")
        #expect(CSVCell.field("-2") == "'-2")
        #expect(CSVCell.field("\tx") == "'\tx")
        #expect(CSVCell.field("a, \"b\"\nc") == "\"a, \"\"b\"\"\nc\"")
        #expect(CSVCell.field("plain 60123456789") == "plain 60123456789")
    }

    @Test(arguments: StorageBackend.available)
    func theExportHasTheSeedsColumnsAndNeverOverwritesByAccident(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await Self.seedRows(storages)
            let export = HistoryExport(store: history)
            let inline = try await export.export(HistoryQuery(store: .first), format: .csv, path: nil)
            let lines = try #require(inline.inline).components(separatedBy: "\r\n")
            #expect(
                lines[0].hasPrefix("Event ID,Order ID,Event type,Sender,Datetime,Message,Recipient,Response,Status,ID"))
            #expect(
                lines[1].hasPrefix(
                    "None,None,SMS Broadcast,Test,2021-09-20 05:11:09.000Z,testing,60103333934,Message sent,Success"))
            #expect(
                lines.contains {
                    $0.hasPrefix("1,102,store/shipment/updated,Test,2021-09-20 05:09:09.000Z,")
                        && $0.contains("Authorization failed,Fail")
                })
            #expect(inline.rows == 4)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("history.jsonl").path
            let written = try await export.export(HistoryQuery(store: .first), format: .jsonl, path: path)
            #expect(written.rows == 4 && written.inline == nil)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let first = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init)
            #expect(first?.contains("\"eventType\":\"SMS Broadcast\"") == true)
            await #expect(throws: HistoryExport.Failure.exists(path)) {
                try await export.export(HistoryQuery(store: .first), format: .csv, path: path)
            }
            #expect(
                try await export.export(HistoryQuery(store: .first), format: .csv, path: path, overwrite: true).rows
                    == 4)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(leftovers == ["history.jsonl"], "no temporary file left")
        }
    }

    @Test(arguments: StorageBackend.available)
    func exportedCellsComeBackExactlyWhateverTheyHold(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            let hostile = "Quote \" back\\slash, comma\r\nnew line\u{1}, tab\t, ünïcödé 📦 and =1+1"
            try await storages.insert([
                MessageRecord(
                    id: nil, origin: .event, eventRef: nil, broadcastID: nil, audience: .admin,
                    eventType: "store/order/created", eventID: nil, orderID: "=2", sender: nil, text: hostile,
                    recipientTyped: nil, recipient: "60123454567", encoding: "UCS-2", parts: 2, state: .sent,
                    reason: nil,
                    attempts: 1, nextAttemptAt: nil, priority: 0, gatewayStatus: nil, gatewayResponse: nil, msgid: nil,
                    deliveredAt: nil, statusChecks: 0, nextStatusCheckAt: nil, createdAt: Self.start,
                    updatedAt: Self.start)
            ])
            let export = HistoryExport(store: history)
            let lines = try #require(
                try await export.export(HistoryQuery(store: .first), format: .jsonl, path: nil).inline)
            let object = try #require(try JSONParser.parse(Array(lines.utf8)).objectValue)
            #expect(object["message"]?.stringValue == hostile)
            #expect(object["eventId"]?.stringValue == "None" && object["sender"]?.stringValue == "")
            #expect(object["orderId"]?.stringValue == "=2" && object["parts"]?.stringValue == "2")
            #expect(Array(object.keys) == HistoryColumns.keys)
            let csv = try #require(try await export.export(HistoryQuery(store: .first), format: .csv, path: nil).inline)
            let record = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
            #expect(
                record.hasPrefix("None,'=2,store/order/created,,2021-09-20 05:08:09.000Z,\"Quote \"\" back\\slash,"))
            #expect(csv.contains("ünïcödé 📦 and =1+1\",60123454567,"))
        }
    }

    @Test(arguments: StorageBackend.available)
    func pruningKeepsWhatIsStillInFlight(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let history = HistoryStore(storage: storages.history)
            try await Self.seedRows(storages)
            try await storages.execute("UPDATE messages SET state = 'queued' WHERE id = 1")
            try await storages.execute("UPDATE messages SET state = 'unknown' WHERE id = 2")
            let retention = HistoryRetention(storage: storages.retention, logger: Logger(label: "test"))
            let pruned = try await retention.prune(before: Self.start.addingTimeInterval(600), store: .first)
            #expect(pruned.messages == 2)
            let left = try await history.page(HistoryQuery(store: .first), page: 1, pageSize: 10).rows.map(\.state)
            #expect(left == [.unknown, .queued])
            var query = HistoryQuery(store: .first)
            query.search = "4567"
            #expect(try await history.count(query) == 0, "the search index forgets pruned rows")
            #expect(try await retention.settings(of: .first).lastPrunedAt != nil, "the prune is on record")
            #expect(try await retention.setRetention(days: 30, store: .first).retentionDays == 30)
            #expect(try await retention.settings(of: .first).retentionDays == 30)
            await #expect(throws: ValidationError.self) { try await retention.setRetention(days: 0, store: .first) }
        }
    }
}
