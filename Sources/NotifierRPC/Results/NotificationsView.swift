import JSONRPC
import Notifier

/// An audience's settings on the wire: events keyed by scope, in the seed's order.
enum NotificationsView {
    static func encode(_ settings: AudienceSettings) -> JSONValue {
        var events = JSONObject()
        for setting in settings.events {
            let fields: JSONValue = [
                "title": .string(setting.event.title), "enabled": .bool(setting.enabled),
                "template": .string(setting.template), "isDefaultTemplate": .bool(setting.isDefaultTemplate),
            ]
            var event = fields.objectValue ?? JSONObject()
            if let only = setting.statusChangesOnly { event["statusChangesOnly"] = .bool(only) }
            events[setting.event.rawValue] = .object(event)
        }
        var object: JSONObject = JSONObject([.init(key: "events", value: .object(events))])
        if settings.audience == .admin {
            object["adminNumbers"] = .array(
                settings.adminNumbers.map { ["number": .string($0.number), "typed": .string($0.typed)] })
        }
        return .object(object)
    }

    /// `{"admin": {...}, "customer": {...}}` with the audiences given.
    static func encode(_ all: [AudienceSettings]) -> JSONValue {
        .object(JSONObject(all.map { .init(key: $0.audience.rawValue, value: encode($0)) }))
    }
}

/// Reads an event scope that is not a decoded value (a key of `events`), refusing it as a decoded one would be.
enum EventParameter {
    static func event(_ scope: String, field: String) throws -> StoreEvent {
        guard let event = StoreEvent(rawValue: scope) else {
            throw ValidationError(
                field: field, reason: StoreEvent.refusal(of: StoreEvent.quoted(scope)),
                accepted: StoreEvent.acceptedValues)
        }
        return event
    }
}
