import JSONRPC
import Notifier

/// `template.render`: the SMS a template gives for an event: its text, length, encoding and parts, and the
/// keywords that had no value.
struct TemplateRender: StoreScopedMethod {
    static let name = "template.render"
    static let parameters: [RPCParameter] = [
        .required("event"), .optional("template"), .optional("audience"), .optional("data"), .optional("resources"),
    ]

    struct Params: Decodable, Sendable {
        let event: StoreEvent
        let template: String?
        let audience: Audience?
        /// A webhook payload as BigCommerce sends it; sample data when omitted.
        let data: JSONValue?
        /// Fields of the resources behind the event (order, shipment, customer...).
        let resources: JSONValue?
    }

    let notifications: NotificationService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> JSONValue {
        let event = params.event
        // Each param's own shape first, then how the params go together.
        for (field, value) in [("data", params.data), ("resources", params.resources)] {
            if let value, value.objectValue == nil {
                throw RPCError.invalidParams(field: field, reason: "must be an object, got \(value.kindDescription)")
            }
        }
        let text: String
        switch (params.template, params.audience) {
        case (let template?, nil): text = template
        case (nil, let audience?):
            let settings = try await notifications.settings(for: audience, of: storeID)
            text = settings.events.first { $0.event == event }?.template ?? ""
        default:
            throw RPCError.invalidParams(
                field: "template", reason: "give either template, or audience to render the configured one")
        }
        guard text.unicodeScalars.count <= NotificationService.maximumTemplateLength else {
            throw RPCError.invalidParams(
                field: "template",
                reason: "is \(text.unicodeScalars.count) characters long; the most is "
                    + "\(NotificationService.maximumTemplateLength)")
        }
        let template: MessageTemplate
        do {
            template = try MessageTemplate(text, event: event)
        } catch {
            // Where it went wrong and the keyword meant, so that an editor can underline it and offer the fix.
            var extra = JSONObject()
            extra["accepted"] = .array(error.validKeywords.map(JSONValue.string))
            extra["position"] = .number(JSONNumber(error.position))
            if let suggestion = error.suggestion { extra["suggestion"] = .string(suggestion) }
            throw RPCError.invalidParams(field: "template", reason: error.message, extra: extra)
        }
        let values =
            params.data == nil && params.resources == nil
            ? TemplateData.sampleValues(for: event)
            : TemplateData.values(for: event, payload: params.data, resources: params.resources)
        let rendered = template.render(values)
        return [
            "text": .string(rendered.text), "characters": .number(JSONNumber(rendered.characters)),
            "encoding": .string(rendered.encoding.rawValue), "parts": .number(JSONNumber(rendered.parts)),
            "missing": .array(rendered.missing.map(JSONValue.string)), "template": .string(text),
            "sampleData": .bool(params.data == nil && params.resources == nil),
        ]
    }
}
