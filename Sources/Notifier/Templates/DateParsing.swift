/// RFC 2822 dates, as BigCommerce's v2 API writes them: `Tue, 20 Nov 2012 00:00:00 +0000`.
enum RFC2822Date {
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let namedZones: [String: Int64] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420,
    ]

    /// Unix milliseconds of `text`; nil when it is not an RFC 2822 date.
    static func milliseconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        if let comma = rest.firstIndex(of: ",") {
            let dayName = rest[..<comma].trimmingBlanks.lowercased()
            guard dayNames.contains(dayName) else { return nil }
            rest = rest[rest.index(after: comma)...]
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5,
            let day = DateDigits.number(fields[0], digits: 1...2),
            let month = monthNames.firstIndex(of: fields[1].lowercased()),
            var year = DateDigits.number(fields[2], digits: 2...4),
            let offset = zoneOffset(fields[4])
        else { return nil }
        if fields[2].count == 2 {
            year += year < 50 ? 2000 : 1900
        } else if fields[2].count == 3 {
            year += 1900
        }
        let time = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2 || time.count == 3,
            let hour = DateDigits.number(time[0], digits: 2...2),
            let minute = DateDigits.number(time[1], digits: 2...2)
        else { return nil }
        var second: Int64 = 0
        if time.count == 3 {
            guard let value = DateDigits.number(time[2], digits: 2...2) else { return nil }
            second = value
        }
        return CivilCalendar.milliseconds(
            year: year, month: Int64(month + 1), day: day, hour: hour, minute: minute, second: second,
            offsetMinutes: offset)
    }

    /// Minutes east of UTC of `+hhmm`, `-hhmm` or a zone name.
    private static func zoneOffset(_ zone: Substring) -> Int64? {
        if let named = namedZones[zone.lowercased()] { return named }
        guard let sign = zone.first, sign == "+" || sign == "-",
            let digits = DateDigits.number(zone.dropFirst(), digits: 4...4)
        else { return nil }
        let hours = digits / 100
        let minutes = digits % 100
        guard hours <= 23, minutes <= 59 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }
}

/// ISO 8601 date-times, as BigCommerce's v3 API writes them: `2021-09-20T05:08:09Z`,
/// `2021-09-20T13:08:09.250+08:00` (a space may stand for the `T`; no zone means UTC).
enum ISO8601Date {
    /// Unix milliseconds of `text`; nil when it is not such a date-time.
    static func milliseconds(_ text: String) -> Int64? {
        let characters = Array(text.trimmingBlanks)
        guard characters.count >= 19, characters[4] == "-", characters[7] == "-",
            characters[10] == "T" || characters[10] == "t" || characters[10] == " ",
            characters[13] == ":", characters[16] == ":",
            let year = DateDigits.number(characters[0..<4], digits: 4...4),
            let month = DateDigits.number(characters[5..<7], digits: 2...2),
            let day = DateDigits.number(characters[8..<10], digits: 2...2),
            let hour = DateDigits.number(characters[11..<13], digits: 2...2),
            let minute = DateDigits.number(characters[14..<16], digits: 2...2),
            let second = DateDigits.number(characters[17..<19], digits: 2...2)
        else { return nil }
        var index = 19
        var millisecond: Int64 = 0
        if index < characters.count, characters[index] == "." || characters[index] == "," {
            let start = index + 1
            index = start
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            guard index > start else { return nil }
            let fraction = (Array(characters[start..<min(index, start + 3)]) + ["0", "0", "0"]).prefix(3)
            millisecond = DateDigits.number(fraction, digits: 3...3) ?? 0
        }
        var offset: Int64 = 0
        let zone = characters[index...]
        if zone == ["Z"] || zone == ["z"] {
            offset = 0
        } else if let sign = zone.first, sign == "+" || sign == "-" {
            let digits = zone.dropFirst().filter { $0 != ":" }
            guard digits.count == 4 || digits.count == 2,
                let value = DateDigits.number(digits, digits: 2...4)
            else { return nil }
            let (hours, minutes) = digits.count == 4 ? (value / 100, value % 100) : (value, 0)
            guard hours <= 23, minutes <= 59 else { return nil }
            offset = (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
        } else if !zone.isEmpty {
            return nil
        }
        return CivilCalendar.milliseconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millisecond, offsetMinutes: offset)
    }
}

/// Decimal digits of date fields.
enum DateDigits {
    /// The value of `text` when it is only ASCII digits, as many as `digits` allows.
    static func number(_ text: some Collection<Character>, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(text.count) else { return nil }
        var value: Int64 = 0
        for character in text {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}

extension StringProtocol {
    /// The text without the spaces, tabs and line breaks around it.
    var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return Substring("")
        }
        return Substring(self[first...last])
    }
}
