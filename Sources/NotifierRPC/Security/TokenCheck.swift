import Logging

/// Checks a credential given for the service's token within the guessing limits, and logs refusals boundedly:
/// one value shared by every place the token is checked (`/rpc`, the console's sign-in, TCP's
/// `session.authenticate`), so that the limits hold across them.
public struct TokenCheck: Sendable {
    /// The limits.
    public let limits: CredentialGuard
    /// The bounded log of refusals.
    public let refusals: RefusalLog

    /// What became of an attempt.
    public enum Outcome: Equatable, Sendable {
        case right
        case wrong
        /// Not checked: too many wrong attempts; try again after this long.
        case refused(retryAfter: Duration)
    }

    public init(limits: CredentialGuard, refusals: RefusalLog) {
        self.limits = limits
        self.refusals = refusals
    }

    /// The default limits, logging to `logger`.
    public init(logger: Logger, clock: ServiceClock = .continuous) {
        limits = CredentialGuard(
            perAddress: CredentialGuard.defaultPerAddress, overall: CredentialGuard.defaultOverall, clock: clock)
        refusals = RefusalLog(logger: logger, clock: clock)
    }

    /// Compares `given` with `expected` for `address`, unless the limits refuse the attempt.
    ///
    /// - Parameter what: the refusal's name in the log, e.g. `wrong token on /rpc`.
    public func check(_ given: String, against expected: String, from address: String, what: String) async -> Outcome {
        let verdict = await limits.admit(address)
        switch verdict {
        case .refuse(let wait):
            await refusals.record("\(what) (held back)", address: address, reason: "too many wrong credentials")
            return .refused(retryAfter: wait)
        case .checkSlowly:
            try? await Task.sleep(for: CredentialGuard.slowCheckDelay)
        case .check:
            break
        }
        let right = SessionAuthenticate.constantTimeEquals(given, expected)
        await limits.finish(address, verdict: verdict, rightCredential: right)
        if !right {
            await refusals.record(what, address: address, reason: "the credential given is not the service's token")
        }
        return right ? .right : .wrong
    }
}
