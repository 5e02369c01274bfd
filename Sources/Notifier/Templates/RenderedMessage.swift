/// A template filled with values: the SMS text, what had no value, and how the text travels as SMS.
public struct RenderedMessage: Sendable, Equatable {
    /// The SMS text.
    public let text: String
    /// Keywords that had no value (rendered as empty text), in order of first use.
    public let missing: [String]
    /// GSM-7 when every character is in the GSM 03.38 alphabet, else UCS-2.
    public let encoding: SMSEncoding
    /// The length in the encoding's units: GSM-7 septets (extension characters count twice) or UTF-16 units.
    public let characters: Int
    /// How many SMS parts the text takes: 160 / 153 characters per part in GSM-7, 70 / 67 in UCS-2; 0 when empty.
    public let parts: Int

    /// The message `text`, with the keywords that had no value.
    public init(text: String, missing: [String] = []) {
        self.text = text
        self.missing = missing
        (encoding, characters, parts) = SMSLength.measure(text)
    }
}
