import JSONRPC
import Notifier

/// `notifications.configure`: switches events on or off, sets their templates, and sets the admin numbers;
/// only what is given changes.
struct NotificationsConfigure: StoreScopedMethod {
    static let name = "notifications.configure"
    static let parameters: [RPCParameter] = [
        .required("audience"), .optional("events"), .optional("adminNumbers", nullable: true),
    ]

    struct Params: Decodable, Sendable {
        let audience: Audience
        /// Scope → `{enabled?, template?}`; a null template returns to the default.
        let events: JSONValue?
        /// The seed's space-delimited string (`60123456789 60123456666`) or a list; null leaves them.
        let adminNumbers: AdminNumbers?
    }

    /// Admin numbers as one line of text or a list of strings.
    struct AdminNumbers: Decodable, Sendable {
        let given: NotificationChange.AdminNumbers

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                given = .text(text)
            } else {
                given = .list(try container.decode([String].self))
            }
        }
    }

    let notifications: NotificationService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> JSONValue {
        var change = NotificationChange(audience: params.audience, adminNumbers: params.adminNumbers?.given)
        var events = JSONObject()
        switch params.events {
        case nil: break
        case .object(let object)?: events = object
        default:
            throw RPCError.invalidParams(
                field: "events", reason: "must be an object: {\"store/order/created\": {\"enabled\": true}}")
        }
        for member in events {
            let field = "events.\(member.key)"
            let event = try EventParameter.event(member.key, field: field)
            guard case .object(let object) = member.value else {
                throw RPCError.invalidParams(
                    field: field, reason: "must be an object: {\"enabled\": true, \"template\": \"…\"}")
            }
            if let unknown = object.keys.first(where: { !["enabled", "template", "statusChangesOnly"].contains($0) }) {
                throw RPCError.invalidParams(
                    field: "\(field).\(unknown)",
                    reason: "is not a setting: give enabled, template or (store/order/updated) statusChangesOnly")
            }
            var eventChange = NotificationChange.EventChange()
            switch object["enabled"] {
            case nil: break
            case .bool(let enabled)?: eventChange.enabled = enabled
            default: throw RPCError.invalidParams(field: "\(field).enabled", reason: "must be true or false")
            }
            switch object["template"] {
            case nil: break
            case .null?: eventChange.template = .clear
            case .string(let text)?: eventChange.template = .set(text)
            default:
                throw RPCError.invalidParams(
                    field: "\(field).template", reason: "must be a text, or null for the default template")
            }
            switch object["statusChangesOnly"] {
            case nil: break
            case .bool(let only)?: eventChange.statusChangesOnly = only
            default: throw RPCError.invalidParams(field: "\(field).statusChangesOnly", reason: "must be true or false")
            }
            change.events[event] = eventChange
        }
        return NotificationsView.encode([try await notifications.configure(change, of: storeID)])
    }
}
