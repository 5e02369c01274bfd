import Foundation
import Logging
import TestSupport
import Testing

@testable import Notifier

/// A broadcast that must be confirmed goes only with the confirmation of its own dry run, made within ten
/// minutes; the confirmation itself tells nothing of the broadcast.
@Suite struct BroadcastConfirmationTests {
    let confirmations = BroadcastConfirmation(secret: "a secret kept in the database")
    let time = Date(timeIntervalSince1970: 1_800_000_000)
    let subject = BroadcastConfirmation.Subject(
        store: .first, message: "Flash sale", sender: "Shop", digits: ["60123456789", "60123456666"])

    @Test func theDryRunsConfirmationStandsForTenMinutes() {
        let made = confirmations.make(for: subject, at: time)
        #expect(confirmations.check(made, for: subject, now: time) == nil)
        #expect(confirmations.check(made, for: subject, now: time.addingTimeInterval(600)) == nil)
        #expect(confirmations.check(made, for: subject, now: time.addingTimeInterval(601)) == .expired)
        #expect(!made.contains("Flash") && !made.contains("60123456789"), "\(made)")
    }

    @Test func anotherMessageSenderStoreOrRecipientsIsNotConfirmed() {
        let made = confirmations.make(for: subject, at: time)
        var reordered = subject
        reordered.digits.reverse()
        #expect(confirmations.check(made, for: reordered, now: time) == nil, "the order of recipients is not theirs")
        for changed in [
            { (subject: inout BroadcastConfirmation.Subject) in subject.message += "!" },
            { $0.sender = "Other" },
            { $0.store = StoreID(rawValue: 2) },
            { $0.digits.append("60123450000") },
            { $0.digits.removeLast() },
            { $0.scheduleAt = Date(timeIntervalSince1970: 1_800_086_400) },
            { $0.allowPartial = true },
        ] {
            var other = subject
            changed(&other)
            #expect(confirmations.check(made, for: other, now: time) == .changed)
        }
        let elsewhere = BroadcastConfirmation(secret: "another database's secret")
        #expect(elsewhere.check(made, for: subject, now: time) == .changed)
    }

    @Test func missingMalformedOrForgedConfirmationsAreRefused() {
        #expect(confirmations.check(nil, for: subject, now: time) == .missing)
        for text in ["", "c1", "c1.x.y", "c2.1800000000.abc", "c1.1800000000"] {
            #expect(confirmations.check(text, for: subject, now: time) == .malformed, "\(text)")
        }
        let made = confirmations.make(for: subject, at: time)
        let parts = made.split(separator: ".")
        let laterStamp = "c1.\(Int(parts[1])! + 60).\(parts[2])"
        #expect(confirmations.check(laterStamp, for: subject, now: time) == .changed, "the time is signed too")
    }

    @Test func aSendThatMustBeConfirmedIsAnsweredWithItsDryRunUntilItIs() async throws {
        let outbox = try await OutboxHarness()
        let service = BroadcastService(
            storage: SQLiteBroadcastStorage(database: outbox.database),
            outbox: SQLiteOutboxStorage(database: outbox.database), account: outbox.account,
            sender: outbox.sender(), toWrite: Doorbell(), logger: Logger(label: "test"), confirmations: confirmations)
        var request = BroadcastRequest(message: "Sale", recipients: .numbers(["60123456789"]))
        request.requiresConfirmation = true
        request.allowPartial = true
        let unconfirmed = try await service.send(request, store: .first)
        #expect(unconfirmed.broadcast == nil && unconfirmed.confirmationRefusal == .missing)
        #expect(unconfirmed.toSend == 1 && unconfirmed.confirmation != nil)
        request.dryRun = true
        let dryRun = try await service.send(request, store: .first)
        request.dryRun = false
        request.confirmation = dryRun.confirmation
        request.message = "Sale!"
        let other = try await service.send(request, store: .first)
        #expect(other.broadcast == nil && other.confirmationRefusal == .changed)
        request.message = "Sale"
        let sent = try await service.send(request, store: .first)
        #expect(sent.broadcast != nil && sent.created && sent.confirmationRefusal == nil)
        let again = try await service.send(request, store: .first)
        #expect(again.broadcast?.id == sent.broadcast?.id && !again.created, "a confirmation sends once")
        request.message = "Later"
        request.dryRun = true
        request.confirmation = try await service.send(request, store: .first).confirmation
        request.dryRun = false
        request.scheduleAt = Date().addingTimeInterval(86_400)
        let scheduled = try await service.send(request, store: .first)
        #expect(scheduled.broadcast == nil && scheduled.confirmationRefusal == .changed, "the schedule is confirmed")
        request.scheduleAt = nil
        request.requiresConfirmation = false
        request.confirmation = nil
        let unchecked = try await service.send(request, store: .first)
        #expect(unchecked.broadcast != nil, "where no confirmation is required, none is asked for")
    }
}
