/// Dates as the seed's history shows them: `2021-09-20 05:08:09.000Z` (UTC, milliseconds).
public enum SeedDate {
    /// `unixSeconds` (fractions kept to the nearest millisecond) as `2021-09-20 05:08:09.000Z`.
    ///
    /// Times before year 1 or after year 9999 are clamped to those bounds, infinities too (a JSON number such as
    /// `1e400` reads as one); NaN gives the Unix epoch.
    public static func format(unixSeconds: Double) -> String {
        guard !unixSeconds.isNaN else { return format(milliseconds: 0) }
        let milliseconds = (unixSeconds * 1000).rounded()
        return format(milliseconds: Int64(min(max(milliseconds, Double(earliest)), Double(latest))))
    }

    /// BigCommerce's v2 order dates (RFC 2822, e.g. `Tue, 20 Nov 2012 00:00:00 +0000`) in UTC as
    /// `2012-11-20 00:00:00.000Z`; nil when `rfc2822` is not such a date.
    ///
    /// The day name is optional, seconds are optional, two-digit years are read as RFC 2822 says (below 50:
    /// 20xx), and the zone is `+hhmm`/`-hhmm`, `GMT`, `UT`, `UTC`, `Z` or a North American zone (`EST`, `PDT`...).
    public static func format(rfc2822: String) -> String? {
        RFC2822Date.milliseconds(rfc2822).map(format(milliseconds:))
    }

    /// An ISO 8601 date-time, as BigCommerce's v3 API writes them (`2021-09-20T05:08:09Z`,
    /// `2021-09-20T13:08:09.250+08:00`), in UTC as `2021-09-20 05:08:09.000Z`; nil when `iso8601` is not one.
    public static func format(iso8601: String) -> String? {
        ISO8601Date.milliseconds(iso8601).map(format(milliseconds:))
    }

    /// Unix milliseconds of 0001-01-01 00:00:00.000Z.
    static let earliest: Int64 = -62_135_596_800_000
    /// Unix milliseconds of 9999-12-31 23:59:59.999Z.
    static let latest: Int64 = 253_402_300_799_999

    /// Unix `milliseconds` as `2021-09-20 05:08:09.000Z` (clamped to years 1 to 9999).
    static func format(milliseconds: Int64) -> String {
        let clamped = min(max(milliseconds, earliest), latest)
        let (seconds, millisecond) = floorDivision(clamped, 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + " "
            + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
            + padded(secondOfDay % 60, 2) + "." + padded(millisecond, 3) + "Z"
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func padded(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// The proleptic Gregorian calendar in UTC, by day number since 1970-01-01.
enum CivilCalendar {
    /// The day number of a date (days since 1970-01-01; negative before).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number.
    static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// How many days `month` of `year` has.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Unix milliseconds of a date and time given in a zone `offsetMinutes` east of UTC; nil when a field is out
    /// of range (a leap second, 60, is read as the next second).
    static func milliseconds(
        year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, millisecond: Int64 = 0,
        offsetMinutes: Int64 = 0
    ) -> Int64? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (0...999).contains(millisecond)
        else { return nil }
        let seconds =
            days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
            - offsetMinutes * 60
        return seconds * 1000 + millisecond
    }
}
