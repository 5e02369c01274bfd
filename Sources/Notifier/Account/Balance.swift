import JSONCore
import MoceanAPI

/// The account's credit as the gateway states it, with its currency when known.
public struct Balance: Sendable, Equatable {
    /// The amount, exactly as the gateway wrote it (`6.4448`).
    public let value: JSONNumber
    /// ISO 4217 code from the pricing endpoint; nil when the gateway did not say.
    public let currency: String?

    public init(value: JSONNumber, currency: String?) {
        self.value = value
        self.currency = currency
    }

    /// The seed's display form: `EUR 6.4448` (or just the amount without a currency).
    public var display: String {
        currency.map { "\($0) \(value.literal)" } ?? value.literal
    }
}

/// What checking the credentials against the gateway found.
public enum CredentialCheck: Sendable, Equatable {
    /// The gateway accepted them; here is the balance.
    case valid(Balance)
    /// The gateway refused them, in its own words (e.g. "Authorization failed").
    case invalid(MoceanError)
    /// The gateway could not be asked (network, timeout, outage, throttling): try again later.
    case unreachable(MoceanError)
    /// The gateway answered something else that is not a balance.
    case failed(MoceanError)
    /// Neither an API token nor both key and secret are set.
    case notConfigured

    init(_ error: MoceanError) {
        if error.kind == .authorization {
            self = .invalid(error)
        } else if error.isTransient {
            self = .unreachable(error)
        } else {
            self = .failed(error)
        }
    }
}

/// Why an account operation could not be done.
public enum AccountError: Error, Sendable, Equatable {
    /// Neither an API token nor both key and secret are set.
    case notConfigured
    /// The gateway refused or failed.
    case gateway(MoceanError)
}
