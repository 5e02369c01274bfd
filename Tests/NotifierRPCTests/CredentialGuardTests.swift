import Synchronization
import Testing

@testable import NotifierRPC

/// The guessing limits alone, on a clock the test moves.
@Suite struct CredentialGuardTests {
    final class Clock: Sendable {
        private let start = ContinuousClock.now
        private let offset = Mutex<Duration>(.zero)
        var service: ServiceClock { ServiceClock { self.start + self.offset.withLock { $0 } } }
        func advance(by duration: Duration) { offset.withLock { $0 += duration } }
    }

    @Test func attemptsInFlightTogetherCannotGetPastTheAllowance() async {
        let limits = CredentialGuard(
            perAddress: CredentialLimit(burst: 10, perSecond: 0.1), overall: CredentialLimit(burst: 1000, perSecond: 1))
        var verdicts: [CredentialGuard.Verdict] = []
        // 50 attempts admitted before any is settled, as many connections guessing at once would be.
        for _ in 0..<50 { verdicts.append(await limits.admit("203.0.113.1")) }
        #expect(verdicts.filter { $0 == .check }.count == 10)
        for verdict in verdicts where verdict == .check {
            await limits.finish("203.0.113.1", verdict: verdict, rightCredential: false)
        }
        #expect(await limits.admit("203.0.113.1") != .check)
    }

    @Test func aRightCredentialGivesItsAttemptBackSoAClientThatAuthenticatesNeverMeetsTheLimit() async {
        let limits = CredentialGuard(
            perAddress: CredentialLimit(burst: 3, perSecond: 0.01), overall: CredentialLimit(burst: 3, perSecond: 0.01))
        for _ in 0..<100 {
            let verdict = await limits.admit("192.0.2.1")
            #expect(verdict == .check)
            await limits.finish("192.0.2.1", verdict: verdict, rightCredential: true)
        }
    }

    @Test func ipv6AddressesCountByTheirSlash64AndMappedIPv4AsIPv4() async {
        #expect(CredentialGuard.key("2001:db8:1:2::5") == CredentialGuard.key("2001:db8:1:2:ffff::9"))
        #expect(CredentialGuard.key("2001:db8:1:2::5") != CredentialGuard.key("2001:db8:1:3::5"))
        #expect(CredentialGuard.key("::ffff:203.0.113.7") == "203.0.113.7")
        #expect(CredentialGuard.key("203.0.113.7") == "203.0.113.7")
        let limits = CredentialGuard(
            perAddress: CredentialLimit(burst: 2, perSecond: 0.01), overall: CredentialLimit(burst: 100, perSecond: 1))
        for host in ["2001:db8::1", "2001:db8::2"] {
            let verdict = await limits.admit(host)
            await limits.finish(host, verdict: verdict, rightCredential: false)
        }
        #expect(await limits.admit("2001:db8::3") != .check, "one /64, one allowance")
        #expect(await limits.admit("2001:db8:0:1::3") == .check, "another /64")
    }

    @Test func limitsOutOfRangeAreBroughtIntoRangeRatherThanTrapping() async {
        for (burst, perSecond) in [(0.0, 0.0), (-1, -1), (.infinity, .nan), (.nan, .infinity), (1e300, 1e-300)] {
            let limit = CredentialLimit(burst: burst, perSecond: perSecond)
            #expect(limit.burst >= 1 && limit.perSecond > 0 && limit.burst.isFinite && limit.perSecond.isFinite)
            let limits = CredentialGuard(perAddress: limit, overall: limit)
            for _ in 0..<3 {
                let verdict = await limits.admit("192.0.2.7")
                if verdict != .refuse(retryAfter: .zero) {
                    await limits.finish("192.0.2.7", verdict: verdict, rightCredential: false)
                }
            }
        }
    }

    @Test func everyonesEmptyBucketSlowsChecksButNeverRefusesThemAllAndRefills() async {
        let clock = Clock()
        let limits = CredentialGuard(
            perAddress: CredentialLimit(burst: 10, perSecond: 1), overall: CredentialLimit(burst: 2, perSecond: 1),
            clock: clock.service)
        for index in 0..<2 {
            let verdict = await limits.admit("198.51.100.\(index)")
            #expect(verdict == .check)
            await limits.finish("198.51.100.\(index)", verdict: verdict, rightCredential: false)
        }
        var slow: [CredentialGuard.Verdict] = []
        for index in 0..<(CredentialGuard.slowCheckConcurrency + 3) {
            slow.append(await limits.admit("203.0.113.\(index)"))
        }
        #expect(slow.filter { $0 == .checkSlowly }.count == CredentialGuard.slowCheckConcurrency)
        #expect(slow.suffix(3).allSatisfy { if case .refuse = $0 { true } else { false } })
        clock.advance(by: .seconds(5))
        #expect(await limits.admit("192.0.2.200") == .check, "refilled")
    }
}
