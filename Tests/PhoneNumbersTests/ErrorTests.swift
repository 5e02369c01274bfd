import PhoneNumbers
import Testing

/// Texts that are no phone number of a known country. Answers verified with libphonenumber.
@Suite struct ErrorTests {
    @Test func notANumber() {
        expectError("hello", region: "MY", .notANumber)
        expectError("", region: "MY", .notANumber)
        expectError("", region: nil, .notANumber)
    }

    @Test func tooLong() {
        expectError(String(repeating: "1", count: 300), region: "MY", .tooLong)
        expectError("+60 1234567890123456789", region: nil, .tooLong)
    }

    @Test func countryCodes() {
        expectError("+999 123456", region: nil, .invalidCountryCode)
        expectError("0123456789", region: nil, .invalidCountryCode)
        expectError("0123456789", region: "XX", .invalidCountryCode)
    }

    @Test func tooShort() {
        expectError("+60 1", region: nil, .tooShortNSN)
        expectError("00 1", region: "MY", .tooShortAfterIDD)
    }

    @Test func everyErrorHasACodeAndASentence() {
        let errors: [PhoneNumberParseError] = [
            .invalidCountryCode, .notANumber, .tooShortAfterIDD, .tooShortNSN, .tooLong,
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.message.hasSuffix("."))
            #expect(error.description == error.message)
        }
    }
}
