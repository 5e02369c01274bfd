import Testing

@testable import Notifier

@Suite struct SeedDateTests {
    @Test func unixSecondsAsTheSeedShowsThem() {
        #expect(SeedDate.format(unixSeconds: 1_632_114_489) == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(unixSeconds: 0) == "1970-01-01 00:00:00.000Z")
        #expect(SeedDate.format(unixSeconds: 951_782_400) == "2000-02-29 00:00:00.000Z")
        #expect(SeedDate.format(unixSeconds: 4_102_444_799) == "2099-12-31 23:59:59.000Z")
    }

    @Test func fractionsAreKeptToTheNearestMillisecond() {
        #expect(SeedDate.format(unixSeconds: 1_632_114_489.123) == "2021-09-20 05:08:09.123Z")
        #expect(SeedDate.format(unixSeconds: 1_632_114_489.5) == "2021-09-20 05:08:09.500Z")
        #expect(SeedDate.format(unixSeconds: 1_632_114_489.0004) == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(unixSeconds: 1_632_114_489.9996) == "2021-09-20 05:08:10.000Z")
    }

    @Test func timesBeforeTheEpochAndOutOfRange() {
        #expect(SeedDate.format(unixSeconds: -0.5) == "1969-12-31 23:59:59.500Z")
        #expect(SeedDate.format(unixSeconds: -86_400 * 365) == "1969-01-01 00:00:00.000Z")
        #expect(SeedDate.format(unixSeconds: 1e300) == "9999-12-31 23:59:59.999Z")
        #expect(SeedDate.format(unixSeconds: -1e300) == "0001-01-01 00:00:00.000Z")
        #expect(SeedDate.format(unixSeconds: .nan) == "1970-01-01 00:00:00.000Z")
    }

    @Test func bigCommercesV2OrderDates() {
        #expect(SeedDate.format(rfc2822: "Tue, 20 Nov 2012 00:00:00 +0000") == "2012-11-20 00:00:00.000Z")
        #expect(SeedDate.format(rfc2822: "Mon, 20 Sep 2021 13:08:09 +0800") == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(rfc2822: "Sun, 19 Sep 2021 21:08:09 -0800") == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(rfc2822: "20 Nov 2012 00:00 GMT") == "2012-11-20 00:00:00.000Z")
        #expect(SeedDate.format(rfc2822: "Tue,  1 Jan 13 23:30:00 EST") == "2013-01-02 04:30:00.000Z")
        #expect(SeedDate.format(rfc2822: "fri, 29 feb 2008 12:00:00 +0530") == "2008-02-29 06:30:00.000Z")
    }

    @Test(arguments: [
        "", "yesterday", "Tue, 20 Nov 2012", "Tue, 20 Nov 2012 00:00:00", "Xyz, 20 Nov 2012 00:00:00 +0000",
        "Tue, 31 Nov 2012 00:00:00 +0000", "Tue, 20 Foo 2012 00:00:00 +0000", "Tue, 20 Nov 2012 24:00:00 +0000",
        "Fri, 29 Feb 2013 00:00:00 +0000", "Tue, 20 Nov 2012 00:00:00 +2400", "2012-11-20T00:00:00Z",
    ])
    func notAnRFC2822Date(_ text: String) {
        #expect(SeedDate.format(rfc2822: text) == nil)
    }

    @Test func bigCommercesV3Dates() {
        #expect(SeedDate.format(iso8601: "2021-09-20T05:08:09Z") == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(iso8601: "2021-09-20T13:08:09.25+08:00") == "2021-09-20 05:08:09.250Z")
        #expect(SeedDate.format(iso8601: "2021-09-20 05:08:09") == "2021-09-20 05:08:09.000Z")
        #expect(SeedDate.format(iso8601: "2021-09-20T00:08:09.1234-0500") == "2021-09-20 05:08:09.123Z")
        #expect(SeedDate.format(iso8601: "2021-02-30T00:00:00Z") == nil)
        #expect(SeedDate.format(iso8601: "2021-09-20T05:08:09 UTC") == nil)
        #expect(SeedDate.format(iso8601: "Tue, 20 Nov 2012 00:00:00 +0000") == nil)
    }

    @Test func theCalendarRoundTripsEveryDayOfFourCenturies() {
        var days = CivilCalendar.days(year: 1900, month: 1, day: 1)
        for year in Int64(1900)...2300 {
            for month in Int64(1)...12 {
                for day in 1...CivilCalendar.daysInMonth(year: year, month: month) {
                    #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
                    let date = CivilCalendar.date(fromDays: days)
                    if date != (year, month, day) {
                        Issue.record("day \(days) is \(date), not \(year)-\(month)-\(day)")
                        return
                    }
                    days += 1
                }
            }
        }
    }
}
