import Foundation
import MoceanAPI
import Testing

@testable import Notifier

/// The state machine of one send.
@Suite struct SendDecisionTests {
    private let settings = OutboxSettings.defaults(now: Date(timeIntervalSince1970: 0))

    private func decide(_ error: MoceanError, attempt: Int = 1) -> SendDecision {
        SendDecision.decide(.failure(error), attempt: attempt, settings: settings, random: 1)
    }

    @Test func anAcceptedReceiptIsSent() {
        let receipt = SMSReceipt(receiver: "60123456789", outcome: .success("MSG-1"))
        #expect(
            SendDecision.decide(.success(receipt), attempt: 1, settings: settings, random: 0) == .sent(msgid: "MSG-1"))
    }

    @Test(arguments: [MoceanError.Kind.throttled, .gatewayDown, .network, .timeout])
    func transientFailuresAreRetriedWithAGrowingWait(kind: MoceanError.Kind) {
        let error = MoceanError(kind: kind, message: "try later")
        guard case .retry(let first, "try later", _, let throttled) = decide(error, attempt: 1),
            case .retry(let third, _, _, _) = decide(error, attempt: 3)
        else {
            Issue.record("not retried")
            return
        }
        #expect(throttled == (kind == .throttled))
        #expect(first == .seconds(15) && third == .seconds(60), "base 15 s, doubling (full jitter at its top)")
        #expect(
            decide(error, attempt: 8)
                == .failed(response: "try later", gatewayStatus: nil, reason: "gave up after 8 tries"))
    }

    @Test(arguments: [MoceanError.Kind.authorization, .invalidDestination, .invalidSender, .rejected, .tls])
    func finalFailuresAreNeverRetried(kind: MoceanError.Kind) {
        let error = MoceanError(kind: kind, message: "no", gatewayStatus: 1)
        #expect(decide(error) == .failed(response: "no", gatewayStatus: 1, reason: nil))
    }

    @Test func aLowBalanceHoldsTheQueueAndAnUnreadableAnswerIsUnknown() {
        let balance = MoceanError(kind: .insufficientBalance, message: "Insufficient balance", gatewayStatus: 2)
        #expect(decide(balance) == .holdForBalance(response: "Insufficient balance", gatewayStatus: 2))
        guard case .unknown = decide(MoceanError(kind: .cancelled, message: "cancelled")),
            case .unknown = decide(MoceanError(kind: .malformedResponse, message: "not JSON"))
        else {
            Issue.record("expected unknown")
            return
        }
    }

    @Test(arguments: [0.0, 0.3, 1.0])
    func theJitteredWaitStaysWithinItsCeiling(random: Double) {
        for attempt in 1...40 {
            let delay = settings.retryDelay(afterAttempt: attempt, random: random)
            #expect(delay >= .milliseconds(50) && delay <= .seconds(600))
        }
    }
}
