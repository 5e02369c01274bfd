import PhoneNumbers
import Testing

/// `PhoneNumberUtility.validate`, the one-call answer with its reason in words.
@Suite struct ValidationTests {
    @Test func validNumber() {
        let answer = PhoneNumberUtility.validate("012-345 6789", region: "MY")
        #expect(answer.parsed?.e164 == "+60123456789")
        #expect(answer.isValidForRegion == true)
        #expect(answer.reason == nil)
        #expect(answer.isValid)
    }

    @Test func regionIsUpperCased() {
        #expect(PhoneNumberUtility.validate("012-345 6789", region: "my").isValidForRegion == true)
    }

    @Test func numberOfAnotherCountry() {
        let answer = PhoneNumberUtility.validate("+65 8123 4567", region: "MY")
        #expect(answer.parsed?.region == "SG")
        #expect(answer.isValidForRegion == false)
        #expect(answer.reason == "a number of Singapore (SG), not of Malaysia (MY)")
    }

    @Test func numberOfAnotherRegionSharingTheCode() {
        let answer = PhoneNumberUtility.validate("+1 506 234 5678", region: "US")
        #expect(answer.reason == "a number of Canada (CA), not of United States (US)")
    }

    @Test func lengthReasons() {
        #expect(PhoneNumberUtility.validate("12", region: "MY").reason == "too short for MY")
        #expect(PhoneNumberUtility.validate("012 345 67890 12", region: "MY").reason == "too long for MY")
        #expect(PhoneNumberUtility.validate("+60 12 345 678", region: "MY").reason == "not a number of Malaysia (MY)")
    }

    @Test func parseFailureReasons() {
        #expect(PhoneNumberUtility.validate("hello", region: "MY").reason == "not a phone number")
        #expect(PhoneNumberUtility.validate("+999 123456", region: "MY").reason == "unknown country code +999")
        #expect(PhoneNumberUtility.validate("0123456789", region: "XX").reason == "unknown country XX")
        let noRegion = PhoneNumberUtility.validate("0123456789", region: nil)
        #expect(noRegion.parsed == nil)
        #expect(noRegion.isValidForRegion == nil)
        #expect(noRegion.reason == "no country given, and the number does not start with + and a country code")
    }

    @Test func withoutRegion() {
        let valid = PhoneNumberUtility.validate("+60 12-345 6789", region: nil)
        #expect(valid.isValidForRegion == nil)
        #expect(valid.reason == nil)
        #expect(valid.isValid)
        let invalid = PhoneNumberUtility.validate("+60 12 345 678", region: nil)
        #expect(invalid.reason == "not a number of Malaysia (MY)")
        #expect(!invalid.isValid)
    }
}
