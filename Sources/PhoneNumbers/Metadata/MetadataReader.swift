/// Reads the records of the generated metadata text, line by line (the format is described in
/// scripts/generate/phone-metadata.py).
struct MetadataReader {
    private(set) var version = ""
    private(set) var regionsByCountryCode: [Int: [String]] = [:]
    private(set) var records: [RegionMetadata] = []
    private(set) var patterns = PatternTableBuilder()

    /// The region being read, with its fields so far.
    private var header: [String]?
    private var fields: [String: String] = [:]
    private var descriptions = [NumberDescription?](repeating: nil, count: DescriptionKind.allCases.count)
    private static let kindsByKey = Dictionary(uniqueKeysWithValues: DescriptionKind.allCases.map { ($0.key, $0) })

    /// Reads one line, split at tabs.
    mutating func read(_ line: [String]) {
        guard let key = line.first else { return }
        switch key {
        case "V":
            version = line.count > 1 ? line[1] : ""
        case "C":
            guard line.count > 2, let code = Int(line[1]) else { return }
            regionsByCountryCode[code] = line[2].split(separator: " ").map(String.init)
        case "R":
            finish()
            header = line
        default:
            if let kind = Self.kindsByKey[key], line.count >= 4 {
                descriptions[kind.rawValue] = description(line)
            } else if line.count >= 2 {
                fields[key] = line[1]
            }
        }
    }

    /// Ends the region being read, if any.
    mutating func finish() {
        guard let header, header.count >= 5, let countryCode = Int(header[2]) else { return }
        let flags = header[3]
        records.append(
            RegionMetadata(
                id: header[1], countryCode: countryCode, name: header[4],
                isMainCountryForCode: flags.contains("m"), sameMobileAndFixedLinePattern: flags.contains("s"),
                internationalPrefix: prefixPattern("ip"), preferredInternationalPrefix: fields["pip"],
                nationalPrefix: fields["np"], nationalPrefixForParsing: prefixPattern("npp"),
                nationalPrefixTransformRule: fields["npt"].flatMap { $0.isEmpty ? nil : TransformRule($0) },
                leadingDigits: prefixPattern("ld"), descriptions: descriptions))
        self.header = nil
        fields = [:]
        descriptions = [NumberDescription?](repeating: nil, count: DescriptionKind.allCases.count)
    }

    private mutating func prefixPattern(_ key: String) -> PrefixPattern? {
        guard let source = fields[key], !source.isEmpty else { return nil }
        return PrefixPattern(id: patterns.id(of: source))
    }

    private mutating func description(_ line: [String]) -> NumberDescription {
        let pattern = line[3...].joined(separator: "\t")
        return NumberDescription(
            possibleLengths: line[1].split(separator: ",").compactMap { Int($0) },
            localOnlyLengths: line[2].split(separator: ",").compactMap { Int($0) },
            pattern: pattern.isEmpty ? nil : FullPattern(id: patterns.id(of: "^(?:" + pattern + ")$")))
    }
}
