import Foundation
import GRDB
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
        case applied(messageID: Int64, state: MessageState)
        /// The row was already past `sent` (or not sent yet) and stays as it is.
        case unchanged(messageID: Int64, state: MessageState)
        /// No row has this gateway message id.
        case unknownMessage
    }

    private let database: AppDatabase
    private let updates: MessageUpdates
    private let now: @Sendable () -> Date

    public init(database: AppDatabase, updates: MessageUpdates, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.updates = updates
        self.now = now
    }

    /// Applies `report` in one transaction and tells the row's followers.
    public func apply(_ report: DeliveryReport) async throws -> Outcome {
        let time = now()
        let (outcome, saved) = try await database.writer.write { db -> (Outcome, MessageRecord?) in
            guard
                var row = try MessageRecord.filter(MessageRecord.Columns.msgid == report.messageID).fetchOne(db),
                let id = row.id
            else { return (.unknownMessage, nil) }
            guard row.state == .sent else { return (.unchanged(messageID: id, state: row.state), nil) }
            let code = report.errorCode.map { " (error code \($0))" } ?? ""
            row.settleDelivery(
                report.status.state, at: time,
                reason: "delivery report from the gateway: \(report.status.state.rawValue)\(code)",
                errorCode: report.errorCode)
            try row.update(db)
            return (.applied(messageID: id, state: row.state), row)
        }
        if let update = saved?.update { updates.publish(update) }
        return outcome
    }
}
