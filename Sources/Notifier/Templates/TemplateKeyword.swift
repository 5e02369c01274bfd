/// One keyword of an event's catalog, as the seed's keyword modal shows it.
public struct TemplateKeyword: Sendable, Equatable {
    /// The keyword's name, written between braces in a template: `shipments.orderId`.
    public let name: String
    /// What the keyword stands for, in a store admin's words: "The order the shipment belongs to".
    public let description: String
    /// A realistic value, for previews: `102`.
    public let sample: String
    /// Whether the keyword always has a value or only when the store's data is given.
    public let availability: Availability

    /// When a keyword has a value.
    public enum Availability: String, Sendable {
        /// A field of the webhook payload: every event has it.
        case always
        /// A field of the store's data (the order, the shipment, the store...), which has a value only when that
        /// data is given to ``TemplateData/values(for:payload:resources:)``.
        case whenStoreDataProvided
    }

    /// A keyword with its description, sample value and availability.
    public init(name: String, description: String, sample: String, availability: Availability) {
        self.name = name
        self.description = description
        self.sample = sample
        self.availability = availability
    }

    /// The keyword as written in a template: `{shipments.orderId}`.
    public var placeholder: String { "{\(name)}" }
}
