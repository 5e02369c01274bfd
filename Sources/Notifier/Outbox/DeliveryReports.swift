import Foundation
import Logging

/// A delivery report from the gateway: what became of one SMS it accepted.
public struct DeliveryReport: Sendable, Equatable {
    /// MoceanAPI's `mocean-dlr-status`.
    public enum Status: Int, Sendable, CaseIterable {
        case delivered = 1, failed = 2, expired = 3

        var state: MessageState {
            switch self {
            case .delivered: .delivered
            case .failed: .failed
            case .expired: .expired
            }
        }
    }

    /// The gateway's message id (`mocean-msgid`).
    public var messageID: String
    /// What became of the SMS.
    public var status: Status
    /// `mocean-error-code`, when given.
    public var errorCode: Int?

    public init(messageID: String, status: Status, errorCode: Int? = nil) {
        self.messageID = messageID
        self.status = status
        self.errorCode = errorCode
    }
}

/// Applies the gateway's delivery reports to the SMS rows: a `sent` row becomes delivered, failed or expired
/// with the time and the error code; a row already settled never moves (a late or repeated report, or one
/// out of order); a report for no row we know changes nothing.
public struct DeliveryReports: Sendable {
    /// What a report did.
    public enum Outcome: Sendable, Equatable {
        /// The row took the report's state.
        case applied(rowID: Int64, state: MessageState)
        /// The row was already past `sent` (or not sent yet) and stays as it is.
        case unchanged(rowID: Int64, state: MessageState)
        /// No row has this gateway message id.
        case unknownMessage
    }

    private let storage: any DeliveryStorage
    private let updates: MessageUpdates
    private let now: @Sendable () -> Date

    /// How long a report for a message id we do not know yet is tried again: the gateway can report before the
    /// sender has recorded the id its answer carried.
    public static let earlyReportGrace: Duration = .seconds(2)

    /// - Parameters:
    ///   - updates: told of each row a report settles.
    public init(database: AppDatabase, updates: MessageUpdates, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(storage: SQLiteDeliveryStorage(database: database), updates: updates, now: now)
    }

    /// Reports applied to the rows in `storage`.
    public init(storage: any DeliveryStorage, updates: MessageUpdates, now: @escaping @Sendable () -> Date = Date.init)
    {
        self.storage = storage
        self.updates = updates
        self.now = now
    }

    /// Applies `report` in one transaction and tells the row's followers. A report for a message id no row has
    /// yet is tried again for ``earlyReportGrace`` (the send's outcome may be on its way to the database).
    public func apply(_ report: DeliveryReport) async throws -> Outcome {
        let deadline = ContinuousClock.now + Self.earlyReportGrace
        while true {
            let outcome = try await applyOnce(report)
            guard outcome == .unknownMessage, ContinuousClock.now < deadline else { return outcome }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func applyOnce(_ report: DeliveryReport) async throws -> Outcome {
        let time = now()
        guard
            let (row, saved) = try await storage.change(
                .msgid(report.messageID),
                { row in
                    guard row.state == .sent else { return false }
                    let code = report.errorCode.map { " (error code \($0))" } ?? ""
                    row.settleDelivery(
                        report.status.state, at: time,
                        reason: "delivery report from the gateway: \(report.status.state.rawValue)\(code)",
                        errorCode: report.errorCode)
                    return true
                }),
            let id = row.id
        else { return .unknownMessage }
        guard saved else { return .unchanged(rowID: id, state: row.state) }
        if let update = row.update { updates.publish(update) }
        return .applied(rowID: id, state: row.state)
    }
}
