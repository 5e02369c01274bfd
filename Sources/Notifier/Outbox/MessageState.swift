import GRDB
import JSONCore

/// Where one SMS stands: one state machine for every SMS, from an event or a broadcast.
///
/// `queued` → `sending` → `sent` (the gateway accepted it) → `delivered` / `failed` / `expired` (delivery
/// reports or status checks); `queued` → `failed` (a final gateway error, or retries exhausted; a transient
/// failure goes back to `queued` with a later attempt time); `skipped` (never sent: no phone number, a
/// number the audience's phone policy refuses...); `unknown` (the service stopped while sending: not resent,
/// to avoid a duplicate SMS); `cancelled` (withdrawn before it was sent).
public enum MessageState: String, CaseIterable, Sendable, Codable, DatabaseValueConvertible, StringEnumeration {
    case queued, sending, sent, delivered, failed, expired, skipped, unknown, cancelled

    public static let valueNoun = "a message state"

    /// Whether the row can still change without an admin's action.
    public var isSettled: Bool {
        switch self {
        case .queued, .sending, .sent: false
        case .delivered, .failed, .expired, .skipped, .unknown, .cancelled: true
        }
    }

    /// Whether an admin may ask for it to be sent again (`messages.retry`).
    public var canBeRetried: Bool {
        self == .failed || self == .unknown || self == .expired
    }

    /// The seed's Status column: `Success`, `Fail`, or `Pending` while not yet sent.
    public var seedStatus: String {
        switch self {
        case .queued, .sending: "Pending"
        case .sent, .delivered: "Success"
        case .failed, .expired, .skipped, .unknown, .cancelled: "Fail"
        }
    }
}

/// Where an SMS came from.
public enum MessageOrigin: String, Sendable, Codable, DatabaseValueConvertible {
    case event, broadcast
}
