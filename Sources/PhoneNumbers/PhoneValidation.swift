/// The one-call answer of `PhoneNumberUtility.validate`: the parsed number, its validity for the region asked,
/// and why it is not valid, in words for a store admin.
public struct PhoneValidation: Sendable, Equatable {
    /// The number; nil when the text does not parse.
    public let parsed: PhoneNumber?
    /// Whether the number is valid for the region asked; nil when no region was given.
    public let isValidForRegion: Bool?
    /// Why the number is not valid ("too short for MY", "a number of Singapore (SG), not of Malaysia (MY)"...);
    /// nil when it is valid.
    public let reason: String?

    /// Whether the answer is a valid number: for the region asked, or, without a region, for its own.
    public var isValid: Bool {
        isValidForRegion ?? parsed?.isValid ?? false
    }
}
