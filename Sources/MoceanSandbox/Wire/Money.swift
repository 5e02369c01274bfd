/// An amount of money in ten-thousandths, so that charges add up exactly; written with 4 decimals, as
/// MoceanAPI writes balances and prices.
///
/// Arithmetic never traps: a result beyond what `Int` holds (about 922 trillion units of currency) stops at
/// `Int.min` or `Int.max`, which no balance covers, so an absurd charge is refused rather than crashing.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in ten-thousandths of the currency unit.
    public var units: Int

    public init(units: Int) {
        self.units = units
    }

    /// `value` rounded to 4 decimals; clamped to what `Int` holds, and 0 when it is not a number.
    public init(_ value: Double) {
        let scaled = (value * 10_000).rounded()
        if scaled.isNaN {
            units = 0
        } else if scaled >= Double(Int.max) {
            // Double(Int.max) is 2^63, one more than Int.max: anything from there up does not fit.
            units = .max
        } else if scaled <= Double(Int.min) {
            units = .min
        } else {
            units = Int(scaled)
        }
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

    public static func < (left: Money, right: Money) -> Bool { left.units < right.units }

    public static func + (left: Money, right: Money) -> Money {
        clamped(left.units.addingReportingOverflow(right.units), positive: right.units > 0)
    }

    public static func - (left: Money, right: Money) -> Money {
        clamped(left.units.subtractingReportingOverflow(right.units), positive: right.units < 0)
    }

    public static func * (left: Money, count: Int) -> Money {
        clamped(left.units.multipliedReportingOverflow(by: count), positive: (left.units < 0) == (count < 0))
    }

    /// The result, or the bound it went past: an overflow only happens away from zero, on the side `positive` says.
    private static func clamped(_ result: (partialValue: Int, overflow: Bool), positive: Bool) -> Money {
        guard result.overflow else { return Money(units: result.partialValue) }
        return Money(units: positive ? .max : .min)
    }
}
