import Foundation
import Notifier

/// One SMS row as clients see it: the seed's history fields, then the outbox's own.
struct MessageView: Encodable, Sendable {
    let id: Int64
    let state: String
    /// The seed's Status: `Success`, `Fail`, or `Pending` while not yet sent.
    let status: String
    let audience: String?
    let eventType: String
    let eventId: String?
    let orderId: String?
    let sender: String?
    let message: String
    let recipient: String
    let recipientTyped: String?
    /// The gateway's own words, or our reason for a row never sent.
    let response: String?
    let reason: String?
    let encoding: String
    let parts: Int
    let attempts: Int
    let gatewayStatus: Int?
    let msgid: String?
    let datetime: String
    let updatedAt: String
    let nextAttemptAt: String?
    let deliveredAt: String?
    /// The gateway's error code from the delivery report, when one came.
    let deliveryErrorCode: Int?
    let broadcastId: Int64?

    init(_ row: MessageRecord) {
        id = row.id ?? 0
        state = row.state.rawValue
        status = row.state.seedStatus
        audience = row.audience?.rawValue
        eventType = row.eventType
        eventId = row.eventID
        orderId = row.orderID
        sender = row.sender
        message = row.text
        recipient = row.recipient
        recipientTyped = row.recipientTyped
        response = row.gatewayResponse ?? row.reason
        reason = row.reason
        deliveryErrorCode = row.deliveryErrorCode
        encoding = row.encoding
        parts = row.parts
        attempts = row.attempts
        gatewayStatus = row.gatewayStatus
        msgid = row.msgid
        datetime = SeedDate.format(row.createdAt)
        updatedAt = SeedDate.format(row.updatedAt)
        nextAttemptAt = row.state == .queued ? row.nextAttemptAt.map(SeedDate.format) : nil
        deliveredAt = row.deliveredAt.map(SeedDate.format)
        broadcastId = row.broadcastID
    }
}

extension SeedDate {
    /// `date` as the seed's history shows dates.
    static func format(_ date: Date) -> String {
        format(unixSeconds: date.timeIntervalSince1970)
    }
}
