/// Why a template's text was refused: an unknown keyword, an empty `{}`, or a brace without its partner.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based character position in the template of the offending `{` or `}`.
    public let position: Int
    /// What is wrong and how to fix it, naming the position: "unknown keyword {shipments.trackingNo} at
    /// position 12", "unclosed { at position 5: close it with }, or write {{ for a literal brace".
    public let message: String
    /// The names of the event's keywords, in catalog order.
    public let validKeywords: [String]
    /// For an unknown keyword, the event's keyword it most likely meant (`shipments.tracking_number` for
    /// `shipments.trackingNo`); nil when none is close.
    public let suggestion: String?

    /// An error at `position` with its message, the event's keywords and a suggested keyword.
    public init(position: Int, message: String, validKeywords: [String], suggestion: String? = nil) {
        self.position = position
        self.message = message
        self.validKeywords = validKeywords
        self.suggestion = suggestion
    }

    /// The message.
    public var description: String { message }
}
