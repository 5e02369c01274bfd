import Foundation

extension CountryTimeZones {
    /// The one local time of `country` (ISO 3166-1 alpha-2): its zone when it has one, or its first when all its
    /// zones keep the same time all year (Malaysia's two); nil for a country of several local times (the United
    /// States, Russia, Australia...) or an unknown one.
    static func localZone(of country: String) -> TimeZone? {
        local[country] ?? nil
    }

    /// Each country's one local time, found once.
    private static let local: [String: TimeZone?] = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // The first of each month of one year and the middle: every rule of summer time shows in some of them.
        let year = calendar.component(.year, from: Date())
        let moments = (1...12).flatMap { month in
            [1, 15].compactMap { day in calendar.date(from: DateComponents(year: year, month: month, day: day)) }
        }
        return zones.mapValues { names in
            let found = names.compactMap(TimeZone.init(identifier:))
            guard let first = found.first, found.count == names.count else { return nil }
            let sameTime = found.dropFirst().allSatisfy { zone in
                moments.allSatisfy { zone.secondsFromGMT(for: $0) == first.secondsFromGMT(for: $0) }
            }
            return sameTime ? first : nil
        }
    }()
}
