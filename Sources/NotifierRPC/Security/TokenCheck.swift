import Logging
import Notifier

/// Checks a credential given for the service's token within the guessing limits, and logs refusals boundedly:
/// one value shared by every place the token is checked (`/rpc`, the console's sign-in, TCP's
/// `session.authenticate`), so that the limits hold across them.
public struct TokenCheck: Sendable {
    /// The limits.
    public let limits: CredentialGuard
    /// The bounded log of refusals.
    public let refusals: RefusalLog
    /// The tokens the operator made for single stores, also taken where the token is asked for; none when nil.
    public var storeTokens: StoreTokens?

    /// What became of an attempt.
    public enum Outcome: Equatable, Sendable {
        /// The credential is the service's token (`.operator`) or a store token (`.store`).
        case right(Caller)
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

    /// Compares `given` with `expected` (and the store tokens) for `address`, unless the limits refuse the
    /// attempt.
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
        var caller: Caller?
        if SessionAuthenticate.constantTimeEquals(given, expected) {
            caller = .operator
        } else if let store = try? await storeTokens?.store(of: given) {
            caller = .store(store)
        }
        await limits.finish(address, verdict: verdict, rightCredential: caller != nil)
        guard let caller else {
            await refusals.record(what, address: address, reason: "the credential given is not the service's token")
            return .wrong
        }
        return .right(caller)
    }
}
