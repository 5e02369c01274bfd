/// The kinds of number description a region's metadata holds, in the order of `RegionMetadata.descriptions`.
enum DescriptionKind: Int, CaseIterable, Sendable {
    case general, fixedLine, mobile, tollFree, premiumRate, sharedCost, voip, personalNumber, pager, uan, voicemail

    /// The key of the kind in the generated metadata text.
    var key: String {
        switch self {
        case .general: "g"
        case .fixedLine: "fl"
        case .mobile: "mo"
        case .tollFree: "tf"
        case .premiumRate: "pr"
        case .sharedCost: "sc"
        case .voip: "vo"
        case .personalNumber: "pn"
        case .pager: "pa"
        case .uan: "ua"
        case .voicemail: "vm"
        }
    }
}

/// One number description of a region (libphonenumber's `PhoneNumberDesc`): the lengths and the pattern of the
/// national significant numbers of one kind.
struct NumberDescription: Sendable {
    /// The lengths numbers of this kind may have; `[-1]` when there are none.
    let possibleLengths: [Int]
    /// Lengths of numbers that can only be dialled locally (without an area code).
    let localOnlyLengths: [Int]
    /// The national number pattern, matched against the whole number; nil when the metadata has none.
    let pattern: FullPattern?

    /// Whether a national significant number matches the description: its lengths first, then its pattern
    /// (libphonenumber's `isNumberMatchingDesc`).
    func matches(_ nationalNumber: String) -> Bool {
        if !possibleLengths.isEmpty && !possibleLengths.contains(nationalNumber.utf8.count) {
            return false
        }
        return matchesPattern(nationalNumber)
    }

    /// Whether a national number matches the pattern alone, whatever its length (`matchNationalNumber`).
    func matchesPattern(_ nationalNumber: String) -> Bool {
        pattern?.matches(nationalNumber) ?? false
    }
}
