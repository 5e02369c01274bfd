import Foundation
import GRDB

/// Dates as the database stores them: UTC text `yyyy-MM-dd HH:mm:ss.SSS`, the form GRDB reads and writes by
/// default, written here without a `DateFormatter` (which costs several microseconds a date on the hot paths
/// that store events and SMS).
enum StoredDate {
    /// `date` as stored text, to the nearest millisecond as GRDB's formatter rounds; dates before 1970 or after
    /// 9999 (never written by the service itself) take GRDB's own formatting, whose rounding of ties there differs.
    static func text(_ date: Date) -> String {
        // Rounded from the reference date, as Foundation's formatter rounds, so that ties agree too.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded()
        guard milliseconds >= 0, milliseconds < 253_402_300_800_000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let total = Int64(milliseconds)
        let (days, dayMilliseconds) = (total / 86_400_000, total % 86_400_000)
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        let seconds = dayMilliseconds / 1000
        var bytes = [UInt8]()
        bytes.reserveCapacity(23)
        append(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        append(seconds / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(seconds / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(seconds % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        append(dayMilliseconds % 1000, width: 3, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The encoding strategy for records, so that their dates take the same path.
    static let encodingStrategy = DatabaseDateEncodingStrategy.custom { text($0) }

    /// Appends `value`'s last `width` decimal digits, zero-padded.
    private static func append(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
