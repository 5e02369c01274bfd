import JSONRPC
import Notifier

/// `events.get`: one stored event, its state, and the SMS it produced with theirs.
struct EventsGet: StoreScopedMethod {
    static let name = "events.get"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let events: EventStore

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> EventView {
        guard let (event, messages) = try await events.event(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "stored event")
        }
        var counts: [MessageState: Int] = [:]
        for message in messages { counts[message.state, default: 0] += 1 }
        return EventView(event, counts: counts, messages: messages)
    }
}

/// `events.list`: stored events, newest first, a page at a time.
struct EventsList: StoreScopedMethod {
    static let name = "events.list"
    static let parameters: [RPCParameter] = [.optional("limit"), .optional("before")]

    struct Params: Decodable, Sendable {
        let limit: Int?
        /// Events older than this id (the last id of the previous page).
        let before: Int64?
    }

    struct Result: Encodable, Sendable {
        let events: [EventView]
        /// Pass as `before` for the next page; null on the last page.
        @ExplicitNull var next: Int64?
    }

    let events: EventStore

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let limit = params.limit ?? 20
        guard (1...500).contains(limit) else {
            throw RPCError.invalidParams(field: "limit", reason: "\(limit) is out of range: give 1 to 500")
        }
        let page = try await events.list(limit: limit, before: params.before, store: storeID)
        return Result(
            events: page.map { EventView($0.event, counts: $0.messages, messages: nil) },
            next: page.count == limit ? page.last?.event.id : nil)
    }
}
