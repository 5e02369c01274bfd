import Foundation
import MoceanAPI

/// What one attempt's outcome means for its row, and for the sender as a whole: the state machine of a send,
/// as a pure function.
public enum SendDecision: Sendable, Equatable {
    /// The gateway accepted it.
    case sent(msgid: String)
    /// A transient failure with tries left: back to `queued`, tried again after `delay`; `throttled` when
    /// the gateway asked us to slow down.
    case retry(after: Duration, response: String, gatewayStatus: Int?, throttled: Bool)
    /// A final failure, or the last try of a transient one: `failed`, never retried by itself.
    case failed(response: String, gatewayStatus: Int?, reason: String?)
    /// The balance does not cover it: back to `queued` (the try does not count) while the sender holds the
    /// queue until the balance is topped up.
    case holdForBalance(response: String, gatewayStatus: Int?)
    /// It may not go out before `until` (the store's quiet hours, for its recipient): back to `queued`, due
    /// then, the try not counted, `reason` on the row.
    case wait(until: Date, reason: String)
    /// Whether it went out is not known (the service stopped while sending, or the answer was unreadable):
    /// `unknown`, never resent by itself, to avoid a duplicate SMS.
    case unknown(reason: String)

    /// The decision for try number `attempt` (1 for the first) whose outcome is `outcome`.
    ///
    /// - Parameter random: a number in 0...1 for the retry's jitter.
    public static func decide(
        _ outcome: Result<SMSReceipt, MoceanError>, attempt: Int, settings: OutboxSettings, random: Double
    ) -> SendDecision {
        let error: MoceanError
        switch outcome {
        case .success(let receipt):
            switch receipt.outcome {
            case .success(let msgid): return .sent(msgid: msgid)
            case .failure(let refused): error = refused
            }
        case .failure(let failure):
            error = failure
        }
        switch error.kind {
        case .insufficientBalance:
            return .holdForBalance(response: error.message, gatewayStatus: error.gatewayStatus)
        case .cancelled:
            return .unknown(reason: "the service stopped while sending; not resent, to avoid a duplicate SMS")
        case .malformedResponse:
            return .unknown(
                reason: "the gateway's answer could not be read (\(error.message)); not resent, to avoid a "
                    + "duplicate SMS")
        default:
            break
        }
        guard error.isTransient else {
            return .failed(response: error.message, gatewayStatus: error.gatewayStatus, reason: nil)
        }
        guard attempt < settings.maxAttempts else {
            return .failed(
                response: error.message, gatewayStatus: error.gatewayStatus,
                reason: "gave up after \(attempt) tries")
        }
        return .retry(
            after: settings.retryDelay(afterAttempt: attempt, random: random), response: error.message,
            gatewayStatus: error.gatewayStatus, throttled: error.kind == .throttled)
    }
}
