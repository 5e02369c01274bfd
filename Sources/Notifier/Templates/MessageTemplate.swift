/// A parsed, checked template: `{resource.field}` keywords in literal text; `{{` and `}}` write literal braces.
///
/// ```swift
/// let template = try MessageTemplate("Shipment {shipments.id} created for order {shipments.orderId}.",
///                                    event: .shipmentCreated)
/// template.render(["shipments.id": "1", "shipments.orderId": "102"]).text
/// // "Shipment 1 created for order 102."
/// ```
public struct MessageTemplate: Sendable, Equatable {
    /// The template's text, as written.
    public let source: String
    /// The event whose keywords the template may use.
    public let event: StoreEvent
    private let segments: [TemplateSegment]

    /// Parses and checks `text` against `event`'s catalog.
    /// - Throws: TemplateError for an unknown keyword or an unbalanced brace, with its position.
    public init(_ text: String, event: StoreEvent) throws(TemplateError) {
        segments = try TemplateParser.parse(text, event: event)
        source = text
        self.event = event
    }

    /// The keywords used, in order of first use, without repeats.
    public var keywords: [String] {
        var seen: Set<String> = []
        return segments.compactMap { segment in
            guard case .keyword(let name) = segment, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// Fills the keywords from `values` (keyword name → text). Keywords without a value render as empty text and
    /// are listed in `missing`; an empty string is a value.
    public func render(_ values: [String: String]) -> RenderedMessage {
        var text = ""
        var missing: [String] = []
        for segment in segments {
            switch segment {
            case .text(let literal):
                text += literal
            case .keyword(let name):
                if let value = values[name] {
                    text += value
                } else if !missing.contains(name) {
                    missing.append(name)
                }
            }
        }
        return RenderedMessage(text: text, missing: missing)
    }

    /// The template filled with the catalog's sample values, for previews.
    public var sample: RenderedMessage {
        render(TemplateData.sampleValues(for: event))
    }
}
