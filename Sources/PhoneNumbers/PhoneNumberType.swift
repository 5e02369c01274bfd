/// The kind of line a phone number reaches, as libphonenumber tells it from the number alone. The raw values are
/// libphonenumber's names ("MOBILE", "FIXED_LINE"...).
public enum PhoneNumberType: String, Sendable, CaseIterable {
    /// A landline.
    case fixedLine = "FIXED_LINE"
    /// A mobile phone: the kind that can receive SMS.
    case mobile = "MOBILE"
    /// Either a landline or a mobile: some countries (the United States, Canada...) do not tell them apart.
    case fixedLineOrMobile = "FIXED_LINE_OR_MOBILE"
    /// A freephone number, free for the caller.
    case tollFree = "TOLL_FREE"
    /// A premium-rate number, charged above the normal rate.
    case premiumRate = "PREMIUM_RATE"
    /// A number whose cost is shared between caller and receiver.
    case sharedCost = "SHARED_COST"
    /// A voice-over-IP number.
    case voip = "VOIP"
    /// A personal number, routed to a person's fixed or mobile line.
    case personalNumber = "PERSONAL_NUMBER"
    /// A pager.
    case pager = "PAGER"
    /// A universal access number ("company number").
    case uan = "UAN"
    /// A voicemail access number.
    case voicemail = "VOICEMAIL"
    /// No known kind: the number is not valid.
    case unknown = "UNKNOWN"
}
