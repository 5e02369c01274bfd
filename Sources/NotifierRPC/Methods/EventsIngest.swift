import JSONRPC
import Logging
import Notifier

/// `events.ingest`: stores a store event (a BigCommerce webhook payload) durably and answers at once;
/// processing into SMS happens afterwards. With `notify`, the session is told of each of the event's SMS as
/// its state changes (`messages.progress` notifications) until none is queued or sending.
struct EventsIngest: StoreScopedMethod {
    static let name = "events.ingest"
    static let parameters: [RPCParameter] = [.required("payload"), .optional("resources"), .optional("notify")]

    struct Params: Decodable, Sendable {
        let payload: JSONValue
        let resources: JSONValue?
        let notify: Bool?
    }

    struct Result: Encodable, Sendable {
        /// `accepted`, or `duplicate` when the same event (same `hash`) was stored before.
        let status: String
        /// The stored event's id (the first delivery's, for a duplicate).
        let id: Int64
    }

    let events: EventStore
    let router: EventRouter
    let updates: MessageUpdates

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let incoming = try IncomingEvent(payload: params.payload, resources: params.resources)
        // The webhook route's own rule: the event must be this store's, and the store installed.
        do {
            try await router.check(incoming, isFor: storeID)
        } catch let refusal as EventRouter.Refusal {
            throw RPCError.invalidParams(field: "payload.producer", reason: refusal.description)
        }
        // Subscribed before the event is stored, so that no update can come before the follower listens.
        let stream = params.notify == true ? updates.subscribe() : nil
        let outcome = try await events.ingest(incoming, store: storeID)
        if let stream {
            let follower = MessageFollower(
                events: events, store: storeID, session: context.session, logger: context.logger)
            Task { await follower.follow(eventID: outcome.id, updates: stream) }
        }
        return Result(status: outcome.duplicate ? "duplicate" : "accepted", id: outcome.id)
    }
}

/// Tells a session of each change of an event's SMS, until none of them is queued or sending any more.
struct MessageFollower: Sendable {
    let events: EventStore
    /// The store whose event it follows.
    let store: StoreID
    let session: RPCSession
    let logger: Logger

    /// One `messages.progress` notification.
    struct Progress: Encodable, Sendable {
        let eventId: Int64
        let messageId: Int64
        let state: String
        let status: String
        let recipient: String
        let response: String?
    }

    func follow(eventID: Int64, updates: AsyncStream<MessageUpdate>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await update in updates where update.eventRef == eventID {
                    let progress = Progress(
                        eventId: eventID, messageId: update.id, state: update.state.rawValue,
                        status: update.state.seedStatus, recipient: update.recipient, response: update.response)
                    do {
                        try await session.notify(method: "messages.progress", params: progress)
                    } catch {
                        return
                    }
                }
            }
            group.addTask {
                // Done once the event is processed and none of its SMS is queued or sending.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                    guard let (event, messages) = try? await events.event(id: eventID, store: store) else { return }
                    if event.state == .processed,
                        !messages.contains(where: { $0.state == .queued || $0.state == .sending })
                    {
                        // A moment for the last updates to be delivered.
                        try? await Task.sleep(for: .milliseconds(200))
                        return
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
