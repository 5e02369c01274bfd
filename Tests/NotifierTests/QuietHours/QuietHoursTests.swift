import Foundation
import Testing

@testable import Notifier

/// Quiet hours as pure rules: windows read and checked, a recipient's zone from their number's country (the
/// store's for a country of several zones), the next opening across midnight and clock changes, and when the
/// last SMS of a broadcast goes out.
struct QuietHoursTests {
    /// 2026-12-07 at `hour`:`minute` UTC.
    static func utc(_ hour: Int, _ minute: Int = 0, day: Int = 7, month: Int = 12) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    static func hours(_ start: String, _ end: String, zone: String = "America/Chicago") throws -> QuietHours {
        QuietHours(window: try SendingWindow(start: start, end: end), storeTimeZone: zone, events: [])
    }

    @Test func windowsAreReadAndRefusedInWords() throws {
        let window = try SendingWindow(start: "09:00", end: " 20:30 ")
        #expect(window.start == 540 && window.end == 1230 && window.startText == "09:00" && window.endText == "20:30")
        #expect(throws: ValidationError.self) { try SendingWindow(start: "9:00", end: "20:00") }
        #expect(throws: ValidationError.self) { try SendingWindow(start: "24:00", end: "20:00") }
        #expect(throws: ValidationError.self) { try SendingWindow(start: "09:60", end: "20:00") }
        do {
            _ = try SendingWindow(start: "09:00", end: "09:00")
            Issue.record("an empty window was taken")
        } catch {
            #expect(error.field == "window.end" && error.reason.contains("same time"))
        }
        var change = QuietHoursChange()
        change.window = .set(.init(start: "09:00", end: "20:00"))
        #expect(throws: ValidationError.self, "a first window needs the store's zone") { try change.applied(to: nil) }
        #expect(
            try change.applied(to: nil, storeZone: "Asia/Singapore").storeTimeZone == "Asia/Singapore",
            "the connected store's own zone, as BigCommerce gives it, when none is given")
        change.storeTimeZone = "Mars/Olympus"
        #expect(throws: ValidationError.self) { try change.applied(to: nil) }
        change.storeTimeZone = "Asia/Kuala_Lumpur"
        change.events = ["store/order/created", "store/order/nope"]
        do {
            _ = try change.applied(to: nil)
            Issue.record("an unknown event was taken")
        } catch {
            #expect(error.field == "events[1]" && error.accepted?.count == 9)
        }
        change.events = ["store/order/created"]
        let applied = try change.applied(to: nil)
        #expect(applied.window == window.self || applied.window?.end == 1200)
        #expect(applied.events == [.orderCreated] && applied.storeTimeZone == "Asia/Kuala_Lumpur")
    }

    @Test func aRecipientsZoneIsTheirCountrysOrTheStoresForACountryOfSeveral() throws {
        let hours = try Self.hours("09:00", "20:00", zone: "America/Chicago")
        #expect(hours.zone(forRecipient: "6591234567").identifier == "Asia/Singapore")
        #expect(hours.zone(forRecipient: "447400123456").identifier == "Europe/London")
        #expect(
            hours.zone(forRecipient: "60123456789").identifier == "Asia/Kuala_Lumpur",
            "Malaysia's two zones keep the same time: one local time")
        #expect(hours.zone(forRecipient: "12125550123").identifier == "America/Chicago", "the US: the store's zone")
        #expect(hours.zone(forRecipient: "79123456789").identifier == "America/Chicago", "Russia: the store's zone")
        #expect(hours.zone(forRecipient: "999").identifier == "America/Chicago", "no country: the store's zone")
    }

    @Test func theNextOpeningIsInTheRecipientsLocalTime() throws {
        let hours = try Self.hours("09:00", "20:00")
        // 13:00 UTC is 21:00 in Singapore: closed until 09:00 there, 01:00 UTC the next day.
        #expect(hours.earliest(for: "6591234567", at: Self.utc(13)) == Self.utc(1, day: 8))
        // 03:00 UTC is 11:00 in Singapore: open.
        #expect(hours.earliest(for: "6591234567", at: Self.utc(3)) == Self.utc(3))
        // 13:00 UTC is 13:00 in London: open; 21:00 UTC is closed until 09:00 the next day.
        #expect(hours.earliest(for: "447400123456", at: Self.utc(13)) == Self.utc(13))
        #expect(hours.earliest(for: "447400123456", at: Self.utc(21)) == Self.utc(9, day: 8))
        // The end is excluded: 20:00 sharp waits.
        #expect(hours.earliest(for: "447400123456", at: Self.utc(20)) == Self.utc(9, day: 8))
        #expect(QuietHours.none.earliest(for: "447400123456", at: Self.utc(23)) == Self.utc(23))
    }

    @Test func aWindowOverMidnightAndAClockChange() throws {
        let night = try Self.hours("22:00", "06:00")
        #expect(night.earliest(for: "447400123456", at: Self.utc(23)) == Self.utc(23))
        #expect(night.earliest(for: "447400123456", at: Self.utc(5, 59)) == Self.utc(5, 59))
        #expect(night.earliest(for: "447400123456", at: Self.utc(12)) == Self.utc(22))
        // London moves to summer time on 2026-03-29 at 01:00 UTC: 09:00 local is 08:00 UTC that day.
        let day = try Self.hours("09:00", "20:00")
        #expect(
            day.earliest(for: "447400123456", at: Self.utc(21, day: 28, month: 3)) == Self.utc(8, day: 29, month: 3))
    }

    @Test func onlyBroadcastsAndTheChosenEventsWait() throws {
        var hours = try Self.hours("09:00", "20:00")
        hours.events = [.orderCreated]
        func row(_ origin: MessageOrigin, _ type: String) -> MessageRecord {
            MessageRecord(
                id: nil, store: 1, origin: origin, eventRef: nil, broadcastID: nil, audience: nil, eventType: type,
                eventID: nil, orderID: nil, sender: nil, text: "t", recipientTyped: nil, recipient: "6591234567",
                encoding: "GSM-7", parts: 1, state: .queued, reason: nil, attempts: 0, nextAttemptAt: nil,
                priority: 0, gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil, statusChecks: 0,
                nextStatusCheckAt: nil, createdAt: Date(), updatedAt: Date())
        }
        #expect(hours.applies(to: row(.broadcast, MessageRecord.broadcastEventType)))
        #expect(hours.applies(to: row(.event, "store/order/created")))
        #expect(!hours.applies(to: row(.event, "store/shipment/created")))
        #expect(!hours.applies(to: row(.event, EventMessages.lowBalanceEventType)))
        #expect(!QuietHours.none.applies(to: row(.broadcast, MessageRecord.broadcastEventType)))
    }

    @Test func theLastSMSCountsTheWindow() throws {
        let hours = try Self.hours("09:00", "20:00")
        let singapore = Array(repeating: "6591234567", count: 3)
        // At 21:00 in Singapore, three SMS at one a second: 09:00, 09:00:01, 09:00:02 there.
        #expect(
            hours.lastSendTime(digits: singapore, start: Self.utc(13), ratePerSecond: 1)
                == Self.utc(1, day: 8).addingTimeInterval(2))
        // Open now in London, closed in Singapore: London's go at once, Singapore's wait.
        let mixed = ["447400123456", "6591234567"]
        #expect(hours.lastSendTime(digits: mixed, start: Self.utc(13), ratePerSecond: 10) == Self.utc(1, day: 8))
        #expect(
            QuietHours.none.lastSendTime(digits: singapore, start: Self.utc(13), ratePerSecond: 2)
                == Self.utc(13).addingTimeInterval(1))
        #expect(hours.lastSendTime(digits: [], start: Self.utc(13), ratePerSecond: 2) == nil)
        // A one-minute window at one a second: 60 go on the first morning, the other 40 on the next.
        let minute = try Self.hours("09:00", "09:01")
        let hundred = Array(repeating: "6591234567", count: 100)
        #expect(
            minute.lastSendTime(digits: hundred, start: Self.utc(13), ratePerSecond: 1)
                == Self.utc(1, day: 9).addingTimeInterval(39))
    }
}
