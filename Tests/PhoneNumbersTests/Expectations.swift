import PhoneNumbers
import Testing

/// Checks one parse against answers verified with libphonenumber (the pinned `phonenumbers`).
func expectNumber(
    _ input: String, region: String?, e164: String, nationalNumber: String? = nil, type: PhoneNumberType,
    valid: Bool = true, validForRegion: Bool? = nil, numberRegion: String? = nil, extensionDigits: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let number: PhoneNumber
    do {
        number = try PhoneNumberUtility.parse(input, defaultRegion: region)
    } catch {
        Issue.record("\(input) did not parse: \(error.code)", sourceLocation: sourceLocation)
        return
    }
    #expect(number.e164 == e164, sourceLocation: sourceLocation)
    #expect(number.gatewayNumber == String(e164.dropFirst()), sourceLocation: sourceLocation)
    if let nationalNumber {
        #expect(number.nationalNumber == nationalNumber, sourceLocation: sourceLocation)
    }
    #expect(number.type == type, sourceLocation: sourceLocation)
    #expect(number.isValid == valid, sourceLocation: sourceLocation)
    #expect(number.extensionDigits == extensionDigits, sourceLocation: sourceLocation)
    if let numberRegion {
        #expect(number.region == numberRegion, sourceLocation: sourceLocation)
    }
    if let region, let validForRegion {
        #expect(PhoneNumberUtility.isValid(number, forRegion: region) == validForRegion, sourceLocation: sourceLocation)
    }
}

/// Checks that an input does not parse, for libphonenumber's reason.
func expectError(
    _ input: String, region: String?, _ expected: PhoneNumberParseError,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: expected, sourceLocation: sourceLocation) {
        try PhoneNumberUtility.parse(input, defaultRegion: region)
    }
}
