/// How the length of a national number compares with the lengths of a region's numbers (libphonenumber's
/// `ValidationResult`, from `testNumberLength` with the general description).
enum NumberLength: Equatable {
    case possible, possibleLocalOnly, tooShort, tooLong, invalidLength

    /// Compares the length of a national number with the region's possible lengths.
    static func test(_ nationalNumber: String, metadata: RegionMetadata) -> NumberLength {
        let general = metadata.general
        let length = nationalNumber.utf8.count
        if general.localOnlyLengths.contains(length) { return .possibleLocalOnly }
        guard let minimum = general.possibleLengths.first, let maximum = general.possibleLengths.last else {
            return .invalidLength
        }
        if minimum == length { return .possible }
        if minimum > length { return .tooShort }
        if maximum < length { return .tooLong }
        return general.possibleLengths.dropFirst().contains(length) ? .possible : .invalidLength
    }
}
