/// All of libphonenumber's metadata, read from the generated `MetadataText` once, at first use.
struct MetadataStore: Sendable {
    /// The store, read at first use (a few milliseconds; patterns compile later, one by one, as they are used).
    static let shared = MetadataStore(text: MetadataText.text)

    /// The region code of non-geographic entities (UN M.49 "World").
    static let nonGeographicRegion = "001"

    /// The metadata version (the `phonenumbers` release it was generated from).
    let version: String
    /// Calling code to its regions, the main region first ("001" for non-geographic entities).
    let regionsByCountryCode: [Int: [String]]
    /// Geographic regions by region code.
    let regions: [String: RegionMetadata]
    /// Non-geographic entities by calling code.
    let nonGeographic: [Int: RegionMetadata]
    /// The geographic region codes.
    let supportedRegions: Set<String>
    /// The compiled patterns.
    let patterns: PatternTable

    /// The metadata of a geographic region, by its upper-case code.
    func region(_ code: String) -> RegionMetadata? {
        regions[code]
    }

    /// libphonenumber's `getMetadataForRegionOrCallingCode`.
    func metadata(countryCode: Int, region: String) -> RegionMetadata? {
        region == Self.nonGeographicRegion ? nonGeographic[countryCode] : regions[region]
    }

    /// The main region of a calling code ("ZZ" when the code is unknown; `getRegionCodeForCountryCode`).
    func mainRegion(forCountryCode countryCode: Int) -> String {
        regionsByCountryCode[countryCode]?.first ?? "ZZ"
    }

    /// Reads the metadata text.
    init(text: String) {
        var reader = MetadataReader()
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(Substring($0))
            }
            reader.read(fields)
        }
        reader.finish()
        version = reader.version
        regionsByCountryCode = reader.regionsByCountryCode
        var regions: [String: RegionMetadata] = [:]
        var nonGeographic: [Int: RegionMetadata] = [:]
        for metadata in reader.records {
            if metadata.id == Self.nonGeographicRegion {
                nonGeographic[metadata.countryCode] = metadata
            } else {
                regions[metadata.id] = metadata
            }
        }
        self.regions = regions
        self.nonGeographic = nonGeographic
        supportedRegions = Set(regions.keys)
        patterns = PatternTable(sources: reader.patterns.sources)
    }
}
