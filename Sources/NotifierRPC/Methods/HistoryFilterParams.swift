import JSONRPC
import Notifier

/// The search and filters `history.query` and `history.export` share.
struct HistoryFilterParams: Decodable, Sendable {
    let search: String?
    let state: [MessageState]?
    let status: String?
    let eventType: String?
    let audience: Audience?
    let orderId: OrderIDParam?
    let broadcastId: Int64?
    let recipient: String?
    let from: String?
    let to: String?
    let sort: HistoryQuery.Sort?
    let order: String?

    /// The filters' parameters, in positional order after the method's own.
    static let parameters: [RPCParameter] = [
        .optional("search"), .optional("state"), .optional("status"), .optional("eventType"), .optional("audience"),
        .optional("orderId"), .optional("broadcastId"), .optional("recipient"), .optional("from"), .optional("to"),
        .optional("sort"), .optional("order"),
    ]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        search = try container.decodeIfPresent(String.self, forKey: .search)
        // One state or a list of them.
        if let one = try? container.decodeIfPresent(MessageState.self, forKey: .state) {
            state = [one]
        } else {
            state = try container.decodeIfPresent([MessageState].self, forKey: .state)
        }
        status = try container.decodeIfPresent(String.self, forKey: .status)
        eventType = try container.decodeIfPresent(String.self, forKey: .eventType)
        audience = try container.decodeIfPresent(Audience.self, forKey: .audience)
        orderId = try container.decodeIfPresent(OrderIDParam.self, forKey: .orderId)
        broadcastId = try container.decodeIfPresent(Int64.self, forKey: .broadcastId)
        recipient = try container.decodeIfPresent(String.self, forKey: .recipient)
        from = try container.decodeIfPresent(String.self, forKey: .from)
        to = try container.decodeIfPresent(String.self, forKey: .to)
        sort = try container.decodeIfPresent(HistoryQuery.Sort.self, forKey: .sort)
        order = try container.decodeIfPresent(String.self, forKey: .order)
    }

    private enum CodingKeys: String, CodingKey {
        case search, state, status, eventType, audience, orderId, broadcastId, recipient, from, to, sort, order
    }

    /// The domain's query for these filters in `store`'s history.
    func query(store: StoreID) throws(ValidationError) -> HistoryQuery {
        var filter = HistoryFilter()
        filter.search = search
        filter.states = state
        filter.status = status
        filter.eventType = eventType
        filter.audience = audience
        filter.orderID = orderId?.text
        filter.broadcastID = broadcastId
        filter.recipient = recipient
        filter.from = from
        filter.to = to
        filter.sort = sort
        filter.order = order
        return try filter.query(store: store)
    }
}
