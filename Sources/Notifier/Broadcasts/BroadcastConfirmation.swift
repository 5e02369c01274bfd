import Crypto
import Foundation

/// The proof that a broadcast was looked at before it is sent: a dry run answers a confirmation, and a send
/// that must be confirmed goes only with one made for the same store, message, sender and recipients within
/// ``validity``.
///
/// A confirmation is `c1.<seconds since 1970>.<HMAC-SHA256, base64url>` over those, under a key derived from a
/// secret kept in the database: any process on the same database checks it, and nothing of the broadcast can
/// be read from it.
public struct BroadcastConfirmation: Sendable {
    /// How long a confirmation stands after its dry run.
    public static let validity: TimeInterval = 600
    private static let prefix = "c1"

    private let key: SymmetricKey

    /// Confirmations under a key derived from `secret` (the database's endpoint secrets, together: each alone is
    /// known to one outside party, the store or the gateway, neither both).
    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("broadcast confirmation\u{0}" + secret).utf8)))
    }

    /// Confirmations under a key of this process alone (no secret stored): they are checked by this process only.
    public static func ofThisProcess() -> BroadcastConfirmation {
        BroadcastConfirmation(secret: EndpointSecrets.randomHex(bytes: 32))
    }

    /// What a broadcast is confirmed for.
    public struct Subject: Sendable, Equatable {
        public var store: StoreID
        public var message: String
        public var sender: String
        /// The digits sent to, in any order.
        public var digits: [String]
        /// When it is held until; nil to send at once.
        public var scheduleAt: Date? = nil
        /// Whether it goes even when it costs more than the balance.
        public var allowPartial = false
    }

    /// The idempotency key of the broadcast a confirmation sends: the same confirmation again answers that
    /// broadcast rather than sending it twice.
    public static func idempotencyKey(of confirmation: String) -> String {
        "confirmed:" + SHA256.hash(data: Data(confirmation.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Why a confirmation does not let a send go.
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        case missing
        case malformed
        case expired
        /// The message, sender or recipients differ from the dry run's (the directory changed, say).
        case changed

        public var description: String {
            switch self {
            case .missing:
                "this send must be confirmed: run it with dryRun first and give its confirmation"
            case .malformed: "the confirmation is not one a dry run answered"
            case .expired:
                "the confirmation is older than \(Int(BroadcastConfirmation.validity / 60)) minutes: run the dry run again"
            case .changed:
                "the message, the sender or the recipients are not those of the dry run: look at this dry run and confirm it"
            }
        }
    }

    /// The confirmation of `subject` made at `time`.
    public func make(for subject: Subject, at time: Date) -> String {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        return "\(Self.prefix).\(seconds).\(signature(of: subject, seconds: seconds))"
    }

    /// Nil when `confirmation` was made for `subject` within ``validity`` of `now`; else why not.
    public func check(_ confirmation: String?, for subject: Subject, now: Date) -> Refusal? {
        guard let confirmation else { return .missing }
        let parts = confirmation.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix, let seconds = Int64(parts[1]) else { return .malformed }
        let age = now.timeIntervalSince1970 - Double(seconds)
        // A minute's leeway for clocks of processes on other machines.
        guard age <= Self.validity, age >= -60 else { return .expired }
        let expected = Array(signature(of: subject, seconds: seconds).utf8)
        let given = Array(parts[2].utf8)
        guard expected.count == given.count else { return .changed }
        // Compared in constant time.
        var difference: UInt8 = 0
        for (left, right) in zip(expected, given) { difference |= left ^ right }
        return difference == 0 ? nil : .changed
    }

    private func signature(of subject: Subject, seconds: Int64) -> String {
        var text = "\(subject.store.rawValue)\u{0}\(seconds)\u{0}\(subject.sender)\u{0}\(subject.message)\u{0}"
        text += subject.digits.sorted().joined(separator: ",")
        text += "\u{0}\(subject.scheduleAt.map { String(Int64($0.timeIntervalSince1970)) } ?? "now")"
        text += "\u{0}\(subject.allowPartial ? "partial" : "whole")"
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
