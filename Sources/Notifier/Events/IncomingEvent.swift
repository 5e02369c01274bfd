import JSONCore

/// A store event as BigCommerce delivers it, checked: the envelope (`scope`, `store_id`, `data`, `hash`,
/// `created_at`, `producer`) with the `data` its scope carries, and the store's data given with it.
public struct IncomingEvent: Sendable, Equatable {
    public let event: StoreEvent
    public let storeID: String?
    /// `data.id` as text: the order, shipment or cart id (for refunds and messages, the order's).
    public let eventID: String
    /// The order it belongs to; nil for a cart.
    public let orderID: String?
    /// Unix seconds.
    public let createdAt: Int64
    /// The webhook's `hash`, or a key made of scope, created_at and data when it has none.
    public let dedupeKey: String
    public let payload: JSONValue
    public let resources: JSONValue?

    /// The store that sent it, as `producer` names it (`stores/abc123`); nil when the payload has none.
    public var producer: String? { payload["producer"]?.stringValue }

    /// Checks `payload` (and `resources`, an object when given).
    ///
    /// - Throws: ``ValidationError`` naming the first field that is missing or of the wrong shape, with
    ///   what is accepted.
    public init(payload: JSONValue, resources: JSONValue?) throws(ValidationError) {
        guard case .object(let envelope) = payload else {
            throw ValidationError(
                field: "payload",
                reason: "must be the webhook's JSON object: {\"scope\": …, \"store_id\": …, \"data\": {…}, "
                    + "\"hash\": …, \"created_at\": …}")
        }
        guard case .string(let scope)? = envelope["scope"] else {
            throw ValidationError(
                field: "payload.scope", reason: "is missing or not a text: give the webhook scope",
                accepted: StoreEvent.allCases.map(\.scope))
        }
        guard let event = StoreEvent(scope: scope) else {
            throw ValidationError(
                field: "payload.scope", reason: "\"\(scope.prefix(80))\" is not one of the nine store events",
                accepted: StoreEvent.allCases.map(\.scope))
        }
        self.event = event
        storeID = try Self.optionalIdentifier(envelope["store_id"], field: "payload.store_id")
        guard case .number(let created)? = envelope["created_at"], let seconds = created.integer(as: Int64.self),
            seconds >= 0
        else {
            throw ValidationError(
                field: "payload.created_at", reason: "must be the event's time in Unix seconds, e.g. 1632114489")
        }
        createdAt = seconds
        guard case .object(let data)? = envelope["data"] else {
            throw ValidationError(
                field: "payload.data", reason: "must be an object such as \(Self.dataExample(for: event))")
        }
        if let type = data["type"], type != .string(Self.dataType(for: event)) {
            throw ValidationError(
                field: "payload.data.type", reason: "must be \"\(Self.dataType(for: event))\" for \(scope)")
        }
        (eventID, orderID) = try Self.identifiers(of: data, event: event)
        let hash: String?
        switch envelope["hash"] {
        case nil, .null?: hash = nil
        case .string(let text)? where !text.isEmpty && text.count <= 256: hash = text
        default:
            throw ValidationError(field: "payload.hash", reason: "must be a non-empty text of at most 256 characters")
        }
        if let producer = envelope["producer"], producer.stringValue == nil, producer != .null {
            throw ValidationError(field: "payload.producer", reason: "must be a text such as \"stores/abc123\"")
        }
        switch resources {
        case nil, .null?, .object?: break
        default:
            throw ValidationError(
                field: "resources", reason: "must be an object keyed by resource: {\"order\": {…}, \"customer\": {…}}")
        }
        self.resources = resources == .null ? nil : resources
        self.payload = payload
        dedupeKey = hash ?? "derived:\(scope)|\(seconds)|\(JSONValue.object(data).description)"
    }

    private static func identifiers(
        of data: JSONObject, event: StoreEvent
    ) throws(ValidationError) -> (String, String?) {
        switch event {
        case .cartAbandoned:
            guard case .string(let id)? = data["id"], !id.isEmpty, id.count <= 128 else {
                throw ValidationError(field: "payload.data.id", reason: "must be the cart's id, a text (a UUID)")
            }
            return (id, nil)
        case .orderArchived, .orderCreated, .orderUpdated:
            let id = try positiveInteger(data["id"], field: "payload.data.id", what: "the order's id")
            return (id, id)
        case .orderMessageCreated:
            let id = try positiveInteger(data["id"], field: "payload.data.id", what: "the order's id")
            _ = try positiveInteger(
                data["message"]?["order_message_id"], field: "payload.data.message.order_message_id",
                what: "the message's id")
            return (id, id)
        case .orderRefundCreated:
            let id = try positiveInteger(data["id"], field: "payload.data.id", what: "the order's id")
            _ = try positiveInteger(
                data["refund"]?["refund_id"], field: "payload.data.refund.refund_id", what: "the refund's id")
            return (id, id)
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated:
            let id = try positiveInteger(data["id"], field: "payload.data.id", what: "the shipment's id")
            let order = try positiveInteger(
                data["orderId"] ?? data["order_id"], field: "payload.data.orderId", what: "the order's id")
            return (id, order)
        }
    }

    private static func positiveInteger(
        _ value: JSONValue?, field: String, what: String
    ) throws(ValidationError) -> String {
        guard case .number(let number)? = value, let integer = number.integer(as: Int64.self), integer >= 0 else {
            throw ValidationError(field: field, reason: "must be \(what), a whole number such as 250")
        }
        return String(integer)
    }

    private static func optionalIdentifier(_ value: JSONValue?, field: String) throws(ValidationError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)? where text.count <= 64: return text
        case .number(let number)?: return number.literal
        default: throw ValidationError(field: field, reason: "must be the store's id, e.g. \"1025646\"")
        }
    }

    private static func dataType(for event: StoreEvent) -> String {
        switch event {
        case .cartAbandoned: "cart"
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated: "shipment"
        default: "order"
        }
    }

    private static func dataExample(for event: StoreEvent) -> String {
        switch event {
        case .cartAbandoned: #"{"type":"cart","id":"09346904-4175-44fd-be53-f7e598531b6c"}"#
        case .orderMessageCreated: #"{"type":"order","id":250,"message":{"order_message_id":3}}"#
        case .orderRefundCreated: #"{"type":"order","id":250,"refund":{"refund_id":3}}"#
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated: #"{"type":"shipment","id":12,"orderId":251}"#
        default: #"{"type":"order","id":250}"#
        }
    }
}
