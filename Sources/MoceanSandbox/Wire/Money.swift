/// An amount of money in ten-thousandths, so that charges add up exactly; written with 4 decimals, as
/// MoceanAPI writes balances and prices.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in ten-thousandths of the currency unit.
    public var units: Int

    public init(units: Int) {
        self.units = units
    }

    /// `value` rounded to 4 decimals.
    public init(_ value: Double) {
        units = Int((value * 10_000).rounded())
    }

    public static let zero = Money(units: 0)

    /// The amount as a number, e.g. `0.05`.
    public var value: Double { Double(units) / 10_000 }

    /// `6.4448`, `0.0500`, `-1.2000`.
    public var description: String {
        let magnitude = units.magnitude
        let fraction = String(magnitude % 10_000)
        let sign = units < 0 ? "-" : ""
        return "\(sign)\(magnitude / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    public static func + (left: Money, right: Money) -> Money { Money(units: left.units + right.units) }
    public static func - (left: Money, right: Money) -> Money { Money(units: left.units - right.units) }
    public static func * (left: Money, count: Int) -> Money { Money(units: left.units * count) }
    public static func < (left: Money, right: Money) -> Bool { left.units < right.units }
}
