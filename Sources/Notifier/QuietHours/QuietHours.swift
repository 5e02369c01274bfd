import Foundation
import PhoneNumbers

/// A store's quiet hours: the daily window, in each recipient's local time, outside which its broadcasts (and
/// the event SMS it names) wait. Held rows wait in the queue, never dropped. A recipient's local time is that of
/// their number's country; for a country with several local times (and a number of no known country), the
/// store's own zone.
public struct QuietHours: Sendable, Equatable {
    /// The daily window SMS may go out in; nil: no quiet hours, everything goes at once.
    public var window: SendingWindow?
    /// The store's IANA time zone (`Asia/Kuala_Lumpur`): the local time of recipients whose country has several
    /// zones.
    public var storeTimeZone: String
    /// The store events whose SMS also wait for the window (none by default: event SMS are transactional).
    public var events: Set<StoreEvent>
    public var updatedAt: Date?

    /// No quiet hours.
    public static let none = QuietHours(window: nil, storeTimeZone: "UTC", events: [])

    public init(window: SendingWindow?, storeTimeZone: String, events: Set<StoreEvent>, updatedAt: Date? = nil) {
        self.window = window
        self.storeTimeZone = storeTimeZone
        self.events = events
        self.updatedAt = updatedAt
    }

    /// Whether an SMS row waits for the window: every broadcast's, and the events' the store named.
    public func applies(to row: MessageRecord) -> Bool {
        guard window != nil else { return false }
        switch row.origin {
        case .broadcast: return true
        case .event: return StoreEvent(scope: row.eventType).map(events.contains) ?? false
        }
    }

    /// The time zone an SMS to `digits` (the number with its country code) is read in.
    public func zone(forRecipient digits: String) -> TimeZone {
        let store = TimeZone(identifier: storeTimeZone) ?? TimeZone(identifier: "UTC")!
        guard let region = try? PhoneNumberUtility.parse("+" + digits, defaultRegion: nil).region,
            let local = CountryTimeZones.localZone(of: region)
        else { return store }
        return local
    }

    /// The first moment at or after `date` an SMS to `digits` may go out: `date` itself inside the window (or
    /// with no window), else the window's next opening in the recipient's local time.
    public func earliest(for digits: String, at date: Date) -> Date {
        guard let window else { return date }
        return window.earliest(at: date, in: zone(forRecipient: digits))
    }

    /// Until when `row` waits at `date`, and the words on it; nil when it may go now (or the hours do not apply).
    public func hold(of row: MessageRecord, at date: Date) -> (until: Date, reason: String)? {
        guard applies(to: row) else { return nil }
        var openings = Openings(self)
        return openings.hold(for: row.recipient, at: date)
    }
}

/// A daily window of local time, from `start` (included) to `end` (excluded), in minutes after midnight; a
/// window whose end is before its start runs over midnight (22:00-06:00).
public struct SendingWindow: Sendable, Equatable {
    public let start: Int
    public let end: Int

    /// Checks `start` and `end`, each `HH:MM` on a 24-hour clock.
    ///
    /// - Throws: ``ValidationError`` naming `window.start` or `window.end`.
    public init(start: String, end: String) throws(ValidationError) {
        self.start = try Self.minutes(start, field: "window.start")
        self.end = try Self.minutes(end, field: "window.end")
        guard self.start != self.end else {
            throw ValidationError(
                field: "window.end",
                reason: "is the same time as window.start: give a window such as 09:00 to 20:00, or null for no "
                    + "quiet hours")
        }
    }

    /// A window from minutes after midnight, as stored (each 0 to 1439, not equal).
    public init?(startMinute: Int, endMinute: Int) {
        guard (0..<1440).contains(startMinute), (0..<1440).contains(endMinute), startMinute != endMinute else {
            return nil
        }
        start = startMinute
        end = endMinute
    }

    /// `start` and `end` as `HH:MM`.
    public var startText: String { Self.text(start) }
    public var endText: String { Self.text(end) }

    /// Why an SMS to a recipient in `zone` waits: the words on its row.
    public func waitReason(in zone: TimeZone) -> String {
        "\(QuietHoursSQL.reasonPrefix) waits for \(startText) in \(zone.identifier) (the store sends from \(startText) "
            + "to \(endText) in each recipient's local time)"
    }

    /// Whether local time `minute` (after midnight) is inside the window.
    public func contains(minute: Int) -> Bool {
        start < end ? (start..<end).contains(minute) : minute >= start || minute < end
    }

    /// The first moment at or after `date` inside the window, in `zone`'s local time.
    public func earliest(at date: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let local = calendar.dateComponents([.hour, .minute], from: date)
        if contains(minute: (local.hour ?? 0) * 60 + (local.minute ?? 0)) { return date }
        // The next local start; on a day when it does not exist (a clock moved forward over it), the moment after.
        return calendar.nextDate(
            after: date, matching: DateComponents(hour: start / 60, minute: start % 60, second: 0),
            matchingPolicy: .nextTime) ?? date
    }

    /// The first moment after `date` the window closes, in `zone`'s local time.
    public func closing(after date: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.nextDate(
            after: date, matching: DateComponents(hour: end / 60, minute: end % 60, second: 0),
            matchingPolicy: .nextTime) ?? date.addingTimeInterval(86_400)
    }

    private static func minutes(_ text: String, field: String) throws(ValidationError) -> Int {
        let parts = text.trimmingWhitespace.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else {
            throw ValidationError(
                field: field,
                reason: "\"\(text.prefix(20))\" is not a time of day: give HH:MM on a 24-hour clock, "
                    + "such as 09:00 or 20:30")
        }
        return hour * 60 + minute
    }

    private static func text(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}

extension QuietHours {
    /// The recipients' time zones and the window's next opening for many recipients: a number's zone is found once
    /// per leading digits (its country code and the start of its national number), an opening once per zone and
    /// moment.
    public struct Openings {
        private let hours: QuietHours
        private var zones: [Substring: TimeZone] = [:]
        private var byZone: [String: (at: Date, earliest: Date)] = [:]

        public init(_ hours: QuietHours) {
            self.hours = hours
        }

        /// The zone of `digits` (``QuietHours/zone(forRecipient:)``).
        public mutating func zone(for digits: String) -> TimeZone {
            let key = digits.prefix(7)
            if let known = zones[key] { return known }
            let zone = hours.zone(forRecipient: digits)
            zones[key] = zone
            return zone
        }

        /// Until when an SMS to `digits` due at `date` waits for the window, and the words on its row; nil when
        /// it may go then.
        public mutating func hold(for digits: String, at date: Date) -> (until: Date, reason: String)? {
            guard let window = hours.window else { return nil }
            let opening = earliest(for: digits, at: date)
            guard opening > date else { return nil }
            return (opening, window.waitReason(in: zone(for: digits)))
        }

        /// ``QuietHours/earliest(for:at:)``, remembered per zone for the same `date`.
        public mutating func earliest(for digits: String, at date: Date) -> Date {
            guard let window = hours.window else { return date }
            let zone = zone(for: digits)
            if let known = byZone[zone.identifier], known.at == date { return known.earliest }
            let earliest = window.earliest(at: date, in: zone)
            byZone[zone.identifier] = (date, earliest)
            return earliest
        }
    }

    /// When the last of SMS to `digits`, due from `start`, is expected to go out at `ratePerSecond`, each waiting
    /// for the window in its recipient's local time: an estimate that counts neither SMS queued before them nor
    /// the gateway's answers. nil when there are none. The recipients are counted per zone, and each zone's go
    /// out in the order the zones open, a window at a time: the work grows with the zones and the days, not with
    /// the recipients.
    public func lastSendTime(digits: [String], start: Date, ratePerSecond: Double) -> Date? {
        guard !digits.isEmpty else { return nil }
        let interval = 1 / min(max(ratePerSecond, 0.001), 100_000)
        guard let window else { return start.addingTimeInterval(Double(digits.count - 1) * interval) }
        var openings = Openings(self)
        var perZone: [String: (zone: TimeZone, count: Int)] = [:]
        for number in digits {
            let zone = openings.zone(for: number)
            perZone[zone.identifier, default: (zone, 0)].count += 1
        }
        let groups = perZone.values.map { (opening: window.earliest(at: start, in: $0.zone), $0.zone, $0.count) }
            .sorted { $0.opening < $1.opening }
        var cursor = start
        var last = start
        for (opening, zone, count) in groups {
            var remaining = count
            var time = max(cursor, opening)
            while remaining > 0 {
                time = window.earliest(at: time, in: zone)
                let open = window.closing(after: time, in: zone).timeIntervalSince(time)
                let sent = min(remaining, max(1, Int(min(open / interval, 1e9))))
                last = time.addingTimeInterval(Double(sent - 1) * interval)
                time = time.addingTimeInterval(Double(sent) * interval)
                remaining -= sent
            }
            cursor = time
        }
        return last
    }
}
