import Foundation
import Notifier

/// A stored store event as clients see it.
struct EventView: Encodable, Sendable {
    let id: Int64
    let scope: String
    let storeId: String?
    let eventId: String?
    let orderId: String?
    /// The event's own time (`created_at`).
    let createdAt: String?
    let receivedAt: String
    /// `received` (waiting to be turned into SMS) or `processed`.
    let state: String
    let processedAt: String?
    /// Why it sent nothing, when it did not.
    let note: String?
    /// How many of its SMS are in each state.
    let messageCounts: StateCounts
    /// Its SMS, oldest first (`events.get` only).
    let messages: [MessageView]?

    init(_ event: EventRecord, counts: [MessageState: Int], messages: [MessageRecord]?) {
        id = event.id ?? 0
        scope = event.scope
        storeId = event.storeID
        eventId = event.eventID
        orderId = event.orderID
        createdAt = event.createdAt.map { SeedDate.format(unixSeconds: Double($0)) }
        receivedAt = SeedDate.format(event.receivedAt)
        state = event.state.rawValue
        processedAt = event.processedAt.map(SeedDate.format)
        note = event.note
        messageCounts = StateCounts(counts, includingZeros: false)
        self.messages = messages?.map(MessageView.init)
    }
}
