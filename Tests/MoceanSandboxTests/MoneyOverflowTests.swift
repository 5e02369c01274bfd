import Logging
import MoceanSandbox
import Testing

/// Amounts beyond what `Int` holds stop at its bounds instead of trapping, so an absurd charge is refused and an
/// absurd setting is reported.
@Suite struct MoneyOverflowTests {
    @Test(arguments: [
        (1e300, Int.max), (-1e300, Int.min), (Double.infinity, Int.max), (-Double.infinity, Int.min), (Double.nan, 0),
        (922_337_203_685_477.5807, Int.max), (-922_337_203_685_477.5808, Int.min), (1.5, 15_000),
    ])
    func anyDoubleBecomesUnitsWithinInt(_ value: Double, _ units: Int) {
        #expect(Money(value).units == units)
    }

    @Test func arithmeticStopsAtTheBounds() {
        let most = Money(units: .max)
        let least = Money(units: .min)
        #expect((most + Money(units: 1)).units == .max)
        #expect((least + Money(units: -1)).units == .min)
        #expect((least - Money(units: 1)).units == .min)
        #expect((most - Money(units: -1)).units == .max)
        #expect((Money(units: 10_000) * Int.max).units == .max)
        #expect((Money(units: -10_000) * Int.max).units == .min)
        #expect((Money(units: -10_000) * Int.min).units == .max)
        #expect((Money(units: 500) * 3).units == 1500 && (Money(units: 7) - Money(units: 9)).units == -2)
        #expect(least.description == "-922337203685477.5808")
    }

    @Test func aSandboxWithAbsurdAmountsRefusesToStartInsteadOfTrapping() async {
        let configuration = SandboxConfiguration(balance: 1e300, pricePerPart: .infinity)
        let server = SandboxServer(configuration: configuration, logger: Logger(label: "test"))
        await #expect(throws: SandboxConfigurationError.self) { try await server.run() }
    }
}
