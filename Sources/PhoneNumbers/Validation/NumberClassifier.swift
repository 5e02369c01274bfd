/// The type and validity of national numbers against the metadata (libphonenumber's `getNumberTypeHelper`,
/// `isValidNumberForRegion`, `getRegionCodeForNumber`).
enum NumberClassifier {
    /// The type of a national number in a region; `.unknown` when it is not a valid number there.
    static func type(of nationalNumber: String, metadata: RegionMetadata) -> PhoneNumberType {
        guard metadata.general.matches(nationalNumber) else { return .unknown }
        let ordered: [(DescriptionKind, PhoneNumberType)] = [
            (.premiumRate, .premiumRate), (.tollFree, .tollFree), (.sharedCost, .sharedCost), (.voip, .voip),
            (.personalNumber, .personalNumber), (.pager, .pager), (.uan, .uan), (.voicemail, .voicemail),
        ]
        for (kind, type) in ordered where metadata[kind]?.matches(nationalNumber) == true {
            return type
        }
        if metadata[.fixedLine]?.matches(nationalNumber) == true {
            if metadata.sameMobileAndFixedLinePattern || metadata[.mobile]?.matches(nationalNumber) == true {
                return .fixedLineOrMobile
            }
            return .fixedLine
        }
        if !metadata.sameMobileAndFixedLinePattern && metadata[.mobile]?.matches(nationalNumber) == true {
            return .mobile
        }
        return .unknown
    }

    /// The region a number is from: the only region of its calling code, or among regions sharing it the first
    /// whose leading digits (or, without them, whose patterns) fit; nil when none does.
    static func regionCode(countryCode: Int, nationalNumber: String) -> String? {
        let store = MetadataStore.shared
        guard let regions = store.regionsByCountryCode[countryCode] else { return nil }
        if regions.count == 1 { return regions[0] }
        for region in regions {
            guard let metadata = store.region(region) else { continue }
            if let leadingDigits = metadata.leadingDigits {
                if leadingDigits.match(nationalNumber) != nil { return region }
            } else if type(of: nationalNumber, metadata: metadata) != .unknown {
                return region
            }
        }
        return nil
    }

    /// Whether a number is valid for a region: the region's calling code, and a type there
    /// (`isValidNumberForRegion`). "001" stands for the non-geographic entity of the number's calling code.
    static func isValid(countryCode: Int, nationalNumber: String, forRegion region: String?) -> Bool {
        guard let region else { return false }
        let store = MetadataStore.shared
        let upper = region.uppercased()
        guard let metadata = store.metadata(countryCode: countryCode, region: upper) else { return false }
        if region != MetadataStore.nonGeographicRegion && countryCode != metadata.countryCode { return false }
        return type(of: nationalNumber, metadata: metadata) != .unknown
    }

    /// The type of a number, in the region it is from (`getNumberType`).
    static func numberType(countryCode: Int, nationalNumber: String) -> PhoneNumberType {
        guard let region = regionCode(countryCode: countryCode, nationalNumber: nationalNumber),
            let metadata = MetadataStore.shared.metadata(countryCode: countryCode, region: region)
        else { return .unknown }
        return type(of: nationalNumber, metadata: metadata)
    }
}
