import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Notifier

/// Broadcasts over each backend, through the domain: planned over the store's directory and opt-outs, stored
/// once per idempotency key, written (held while paused), resumed, cancelled, retried and finished; one store's
/// broadcasts never another's; and on PostgreSQL, writers on several instances writing one broadcast write each
/// of its rows once and wake every instance's sender.
@Suite(.timeLimit(.minutes(3))) struct BroadcastStorageTests {
    static let second = StoreID(rawValue: 2)

    /// The broadcast services over one backend's storages, each store's customers' phones read as Malaysian.
    struct Broadcasting {
        let storages: StorageBackend.Storages
        let account: AccountService
        let customers: CustomerDirectory
        let optOuts: OptOuts
        let broadcasts: BroadcastService
        let queued = Doorbell()

        init(_ storages: StorageBackend.Storages) async throws {
            self.storages = storages
            account = AccountService(
                storage: storages.accounts, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
            for store in [StoreID.first, BroadcastStorageTests.second] {
                var update = AccountUpdate()
                update.sender = .set("Shop\(store.rawValue)")
                update.customerCountry = .set("MY")
                _ = try await account.update(update, of: store)
            }
            // The store's connection is not behind a storage yet, and is not needed here: a database of its own.
            customers = CustomerDirectory(
                storage: storages.customers, account: account,
                store: StoreService(
                    database: try AppDatabase.inMemory(), transport: StubTransport(body: "{}"),
                    logger: Logger(label: "test")))
            optOuts = OptOuts(storage: storages.optOuts, account: account)
            let outbox = try await storages.outbox(.seconds(15))
            let sender = OutboxSender(
                storage: outbox, gateways: account, queued: queued, updates: MessageUpdates(),
                logger: Logger(label: "test"))
            broadcasts = BroadcastService(
                storage: storages.broadcasts, outbox: outbox, account: account, sender: sender, toWrite: Doorbell(),
                logger: Logger(label: "test"))
        }

        /// One more writer: on PostgreSQL, as another instance's.
        func writer() -> BroadcastWriter {
            BroadcastWriter(
                storage: storages.broadcasts, toWrite: Doorbell(), queued: queued, logger: Logger(label: "t"))
        }

        /// Customers 1 to `count` of `store`, imported: every third without a phone, the rest `+60 12-3NN NNNN`.
        func addCustomers(_ count: Int, store: StoreID = .first, from first: Int = 1) async throws {
            let lines = (first..<first + count).map { number in
                "C\(number),\(number % 3 == 0 ? "" : "+60 12-3\(String(format: "%06d", number))")"
            }
            let outcome = try await customers.importCustomers(
                "first_name,phone\n" + lines.joined(separator: "\n"), format: .csv, store: store)
            #expect(outcome.added == count && outcome.refused.isEmpty, "\(outcome.refused.prefix(3))")
        }

        func rows(of id: Int64) async throws -> [MessageRecord] {
            try await storages.messages().filter { $0.broadcastID == id }
        }
    }

    @Test(arguments: StorageBackend.available)
    func aBroadcastIsPlannedWrittenHeldResumedAndCancelledWithoutTouchingWhatWasSent(backend: StorageBackend)
        async throws
    {
        try await backend.with { storages in
            let b = try await Broadcasting(storages)
            try await b.addCustomers(30)
            _ = try await b.optOuts.add("+60 12-3000001", source: "customer", note: nil, store: .first)
            var request = BroadcastRequest(message: "Sale today", recipients: .all)
            request.dryRun = true
            let preview = try await b.broadcasts.send(request, store: .first)
            #expect(preview.broadcast == nil && preview.recipients == 30 && preview.toSend == 19)
            #expect(preview.skipped == [BroadcastPlan.noPhone: 10, BroadcastPlan.optedOut: 1])
            #expect(preview.samples.map(\.to) == ["60123000002", "60123000004", "60123000005"])
            #expect(preview.estimatedSeconds > 0 && preview.costError != nil)
            #expect(try await storages.messages().isEmpty, "a dry run writes nothing")

            request.dryRun = false
            request.idempotencyKey = "campaign"
            let sent = try await b.broadcasts.send(request, store: .first)
            let id = try #require(sent.broadcast?.id)
            #expect(sent.created && sent.broadcast?.state == .writing && sent.broadcast?.recipients == "")
            let again = try await b.broadcasts.send(request, store: .first)
            #expect(!again.created && again.broadcast?.id == id, "the same key answers the first broadcast")

            // Paused before its rows are written: they are written held.
            #expect(try await b.broadcasts.pause(id: id, store: .first)?.broadcast.state == .paused)
            try await b.writer().writePending()
            var rows = try await b.rows(of: id)
            #expect(rows.count == 30 && rows.filter { $0.state == .skipped }.count == 11)
            #expect(rows.filter { $0.state == .queued }.allSatisfy { $0.nextAttemptAt == nil && $0.priority == 1 })
            #expect(rows.filter { $0.reason == BroadcastPlan.optedOut }.map(\.recipient) == ["60123000001"])
            var status = try #require(try await b.broadcasts.status(id: id, store: .first))
            #expect(status.broadcast.state == .paused && status.broadcast.written == 30)
            #expect(status.messages == [.queued: 19, .skipped: 11])

            status = try #require(try await b.broadcasts.resume(id: id, store: .first))
            #expect(status.broadcast.state == .running, "every row written: running")
            rows = try await b.rows(of: id)
            #expect(rows.filter { $0.state == .queued }.allSatisfy { $0.nextAttemptAt != nil })
            try await storages.execute(
                """
                UPDATE messages SET state = 'sent'
                WHERE id = (SELECT min(id) FROM messages WHERE broadcast_id = \(id) AND state = 'queued')
                """)
            await #expect(throws: BroadcastService.StateRefusal.self) {
                try await b.broadcasts.resume(id: id, store: .first)
            }
            status = try #require(try await b.broadcasts.cancel(id: id, store: .first))
            #expect(status.broadcast.state == .cancelled && status.broadcast.finishedAt != nil)
            #expect(status.messages == [.cancelled: 18, .sent: 1, .skipped: 11])
            rows = try await b.rows(of: id)
            #expect(rows.filter { $0.state == .cancelled }.allSatisfy { $0.reason == "the broadcast was cancelled" })
            await #expect(throws: BroadcastService.StateRefusal.self) {
                try await b.broadcasts.pause(id: id, store: .first)
            }
            #expect(try await b.broadcasts.pause(id: 999, store: .first) == nil)
            #expect(try await b.broadcasts.list(limit: 10, before: nil, store: .first).map(\.broadcast.id) == [id])
            #expect(try await b.broadcasts.list(limit: 10, before: id, store: .first).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.available)
    func chosenCustomersAreDeduplicatedAndRetryQueuesExactlyTheFailed(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let b = try await Broadcasting(storages)
            try await b.addCustomers(6)
            let ids = try await b.customers.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: .first)
                .customers.compactMap(\.id).sorted()
            var chosen = BroadcastRequest(
                message: "Hi", recipients: .customers([ids[1], ids[0], ids[1], ids[2], 999_999]))
            chosen.dryRun = true
            let preview = try await b.broadcasts.send(chosen, store: .first)
            #expect(preview.recipients == 5 && preview.duplicates == 1 && preview.toSend == 2)
            #expect(preview.skipped == [BroadcastPlan.noPhone: 1, BroadcastPlan.unknownCustomer: 1])
            #expect(preview.samples.map(\.to) == ["60123000002", "60123000001"], "in the order chosen")

            let id = try #require(
                try await b.broadcasts.send(
                    BroadcastRequest(
                        message: "Hi",
                        recipients: .numbers(["60123456781", "60123456782", "60123456783", "60123456784"])),
                    store: .first
                ).broadcast?.id)
            let writer = b.writer()
            try await writer.writePending()
            for (index, state) in ["delivered", "failed", "expired", "unknown"].enumerated() {
                try await storages.execute(
                    "UPDATE messages SET state = '\(state)' WHERE broadcast_id = \(id) AND recipient = '6012345678\(index + 1)'"
                )
            }
            try await writer.markFinished()
            #expect(try await b.broadcasts.status(id: id, store: .first)?.broadcast.state == .finished)
            #expect(try await b.broadcasts.retryFailed(id: id, includeUnknown: false, store: .first) == 2)
            #expect(try await b.rows(of: id).map(\.state) == [.delivered, .queued, .queued, .unknown])
            #expect(
                try await b.broadcasts.status(id: id, store: .first)?.broadcast.state == .running,
                "rows queued again: running again")
            #expect(try await b.broadcasts.retryFailed(id: id, includeUnknown: true, store: .first) == 1)
            #expect(try await b.broadcasts.retryFailed(id: 404, includeUnknown: false, store: .first) == nil)
            try await writer.markFinished()
            #expect(try await b.broadcasts.status(id: id, store: .first)?.broadcast.state == .running, "rows queued")
        }
    }

    @Test(arguments: StorageBackend.available)
    func eachStoresBroadcastsReachItsOwnCustomersAndOptOuts(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let b = try await Broadcasting(storages)
            try await b.addCustomers(2)
            try await b.addCustomers(1, store: Self.second, from: 4)
            let theirs = try #require(
                try await b.customers.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: Self.second)
                    .customers.first?.id)
            // Store 2 opts out a number of store 1's: store 1's broadcast still reaches it.
            _ = try await b.optOuts.add("60123000001", source: nil, note: nil, store: Self.second)
            var request = BroadcastRequest(message: "Sale", recipients: .all)
            request.idempotencyKey = "campaign"
            let first = try await b.broadcasts.send(request, store: .first)
            let second = try await b.broadcasts.send(request, store: Self.second)
            #expect(first.created && second.created, "one key, two stores: two broadcasts")
            #expect(first.toSend == 2 && second.toSend == 1)
            let a = try #require(first.broadcast?.id)
            let c = try #require(second.broadcast?.id)
            #expect(try await b.broadcasts.status(id: c, store: .first) == nil, "another store's broadcast")
            #expect(try await b.broadcasts.cancel(id: c, store: .first) == nil)
            #expect(try await b.broadcasts.pause(id: c, store: .first) == nil)
            #expect(try await b.broadcasts.retryFailed(id: c, includeUnknown: true, store: .first) == nil)
            #expect(try await b.broadcasts.status(id: c, store: Self.second)?.broadcast.state == .writing)
            #expect(try await b.broadcasts.list(limit: 10, before: nil, store: .first).map(\.broadcast.id) == [a])

            var chosen = BroadcastRequest(message: "Hi", recipients: .customers([theirs]))
            chosen.dryRun = true
            #expect(
                try await b.broadcasts.send(chosen, store: .first).skipped == [BroadcastPlan.unknownCustomer: 1],
                "another store's customer is none of the directory's")

            try await b.writer().writePending()
            let rows = try await storages.messages()
            #expect(rows.map(\.store) == [1, 1, 2])
            #expect(rows.map(\.sender) == ["Shop1", "Shop1", "Shop2"])
            #expect(rows.map(\.broadcastID) == [a, a, c])
            #expect(try await b.broadcasts.status(id: a, store: .first)?.messages == [.queued: 2])
            _ = try await b.broadcasts.cancel(id: c, store: Self.second)
            #expect(
                try await b.broadcasts.status(id: a, store: .first)?.messages == [.queued: 2],
                "cancelling store 2's broadcast leaves store 1's rows")
        }
    }

    @Test func writersOnSeveralInstancesWriteEachRowOnceAndWakeEverySender() async throws {
        guard StorageBackend.available.contains(.postgres) else { return }
        try await StorageBackend.postgres.with { storages in
            let client = try #require(storages.postgres)
            let b = try await Broadcasting(storages)
            // Every third customer has no phone: their rows have no number, which no unique index covers.
            try await b.addCustomers(4_500)
            for round in 1...3 {
                let id = try #require(
                    try await b.broadcasts.send(
                        BroadcastRequest(message: "Round \(round)", recipients: .all), store: .first
                    ).broadcast?.id)
                let writers = (0..<3).map { _ in b.writer() }
                // Another instance listens: the rows' commit wakes its sender.
                let notified = try await client.withConnection { connection in
                    try await connection.listen(on: "mocean_notify") { notifications in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for writer in writers { group.addTask { try await writer.writePending() } }
                            try await group.waitForAll()
                        }
                        for try await notification in notifications where notification.payload == "queued" {
                            return true
                        }
                        return false
                    }
                }
                #expect(notified)
                // A writer that found the batch another's left that broadcast to it: until it is all written.
                for _ in 0..<10 {
                    guard try await b.broadcasts.status(id: id, store: .first)?.broadcast.written != 4_500 else {
                        break
                    }
                    try await writers[0].writePending()
                }
                let status = try #require(try await b.broadcasts.status(id: id, store: .first))
                #expect(status.broadcast.written == 4_500 && status.broadcast.state == .running)
                #expect(status.messages == [.queued: 3_000, .skipped: 1_500])
                let rows = try await b.rows(of: id)
                #expect(rows.count == 4_500, "round \(round): every planned recipient once")
                #expect(Set(rows.map(\.recipient)).count == 3_001, "3,000 numbers and the empty one")
                #expect(Set(rows.compactMap(\.recipientTyped)).count == 3_000)
            }
        }
    }
}
