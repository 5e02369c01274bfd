import Foundation
import JSONCore

/// The threshold of a store's low-balance alert, as `account.set {lowBalanceAlert: {below, currency}}` gives it.
public struct LowBalanceThreshold: Sendable, Equatable {
    /// The balance under which the store's admins are told (`5`, `12.50`).
    public let below: JSONNumber
    /// ISO 4217 code the threshold is in; nil: whatever the account's is.
    public let currency: String?

    /// Checks the threshold.
    ///
    /// - Parameter accountCurrency: the account's currency when known: a threshold in another one is refused.
    /// - Throws: ``ValidationError`` naming `lowBalanceAlert.below` or `lowBalanceAlert.currency`.
    public init(below: JSONNumber, currency: String?, accountCurrency: String? = nil) throws(ValidationError) {
        guard let value = below.double, value.isFinite, value > 0, value <= 1_000_000_000 else {
            throw ValidationError(
                field: "lowBalanceAlert.below",
                reason: "must be a positive amount of at most 1000000000, such as 5 or 12.50 (the balance under "
                    + "which the store's admins get an SMS)")
        }
        self.below = below
        guard let currency else {
            self.currency = nil
            return
        }
        let code = currency.trimmingWhitespace.uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValidationError(
                field: "lowBalanceAlert.currency",
                reason: "\"\(currency.prefix(20))\" is not an ISO 4217 code: give three letters such as MYR, EUR or "
                    + "USD, or leave it out for the account's own")
        }
        if let accountCurrency, accountCurrency.uppercased() != code {
            throw ValidationError(
                field: "lowBalanceAlert.currency",
                reason: "is \(code), but the account's balance is in \(accountCurrency.uppercased()): give "
                    + "\(accountCurrency.uppercased()), or leave it out")
        }
        self.currency = code
    }
}

/// A store's low-balance alert and where it stands: its admins get one SMS when the balance the service sees
/// falls below the threshold, and one more only after the balance has been seen at or above it again. One row
/// per store, keyed by the store's id.
public struct BalanceAlertState: Sendable, Equatable, Codable {
    /// The store's id.
    public var id: Int64
    /// The threshold, as given.
    public var below: String
    /// The threshold's currency; nil: the account's.
    public var currency: String?
    /// When the SMS went out for the balance's current fall below the threshold; nil while it is above.
    public var alertedAt: Date?
    /// The balance last seen, as the gateway wrote it, with its currency when known.
    public var lastBalance: String?
    public var lastCurrency: String?
    public var lastCheckedAt: Date?
    public var updatedAt: Date

    /// A state as stored.
    public init(
        id: Int64, below: String, currency: String?, alertedAt: Date?, lastBalance: String?, lastCurrency: String?,
        lastCheckedAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.below = below
        self.currency = currency
        self.alertedAt = alertedAt
        self.lastBalance = lastBalance
        self.lastCurrency = lastCurrency
        self.lastCheckedAt = lastCheckedAt
        self.updatedAt = updatedAt
    }

    /// The state of a threshold just set: no alert out, no balance seen.
    public init(store: StoreID, threshold: LowBalanceThreshold, now: Date) {
        id = store.rawValue
        below = threshold.below.literal
        currency = threshold.currency
        updatedAt = now
    }

    /// The store whose alert it is.
    public var store: StoreID { StoreID(rawValue: id) }

    /// Whether the last balance seen is below the threshold (the alert is out).
    public var isLow: Bool { alertedAt != nil }

    enum CodingKeys: String, CodingKey {
        case id, below, currency
        case alertedAt = "alerted_at"
        case lastBalance = "last_balance"
        case lastCurrency = "last_currency"
        case lastCheckedAt = "last_checked_at"
        case updatedAt = "updated_at"
    }

    /// Whether `balance` is below the threshold; nil when they cannot be compared (another currency, or an amount
    /// that is not a number).
    public func isBelow(_ balance: Balance) -> Bool? {
        if let currency, let seen = balance.currency, seen.uppercased() != currency { return nil }
        guard let value = balance.value.double, let threshold = JSONNumber(exactly: below)?.double else { return nil }
        return value < threshold
    }

    /// What seeing `balance` does to the alert.
    public func change(seeing balance: Balance) -> BalanceAlertChange {
        if let currency, let seen = balance.currency, seen.uppercased() != currency {
            return .currencyDiffers(seen)
        }
        guard let below = isBelow(balance) else { return .none }
        if below { return alertedAt == nil ? .raise : .none }
        return alertedAt == nil ? .none : .clear
    }

    /// The state after `change`, having seen `balance` at `now`.
    public func applying(_ change: BalanceAlertChange, seeing balance: Balance, now: Date) -> BalanceAlertState {
        var next = self
        next.lastBalance = balance.value.literal
        next.lastCurrency = balance.currency
        next.lastCheckedAt = now
        switch change {
        case .raise: next.alertedAt = now
        case .clear: next.alertedAt = nil
        case .none, .currencyDiffers: break
        }
        return next
    }

    /// The admins' SMS: the balance, the threshold, and what to do.
    public func alertText(seeing balance: Balance) -> String {
        let unit = balance.currency ?? currency
        let amount = { (value: String) in unit.map { "\($0) \(value)" } ?? value }
        return "SMS balance low: \(amount(balance.value.literal)) left, below your alert at \(amount(below)). "
            + "Top up your MoceanAPI account so that SMS keep going out."
    }
}

/// What a balance seen does to a store's low-balance alert.
public enum BalanceAlertChange: Sendable, Equatable {
    /// Nothing: still above, or still below with the alert already out.
    case none
    /// It fell below the threshold: the admins are told.
    case raise
    /// It is at or above the threshold again: the next fall is told again.
    case clear
    /// The balance is in another currency than the threshold (given here): not compared.
    case currencyDiffers(String)
}
