import PhoneNumbers
import Testing

/// Country rules: leading zeros, mobile tokens, shared calling codes, types. Answers verified with libphonenumber.
@Suite struct RegionTests {
    @Test func italianLeadingZeroIsKept() {
        expectNumber(
            "02 1234 5678", region: "IT", e164: "+390212345678", nationalNumber: "0212345678", type: .fixedLine,
            validForRegion: true)
        expectNumber("+39 02 1234 5678", region: nil, e164: "+390212345678", type: .fixedLine)
        expectNumber("+39 312 345 6789", region: nil, e164: "+393123456789", type: .mobile)
    }

    @Test func argentinaMobileToken() {
        // In Argentina, 0 11 15-xxxx-xxxx is dialled at home for +54 9 11 xxxx-xxxx.
        expectNumber(
            "011 15-2345-6789", region: "AR", e164: "+5491123456789", nationalNumber: "91123456789", type: .mobile,
            validForRegion: true)
        expectNumber("+54 9 11 2345-6789", region: nil, e164: "+5491123456789", type: .mobile)
        expectNumber("+54 11 2345-6789", region: nil, e164: "+541123456789", type: .fixedLine)
    }

    @Test func sharedCallingCodeOne() {
        expectNumber("+1 201 555 0123", region: nil, e164: "+12015550123", type: .fixedLineOrMobile, numberRegion: "US")
        expectNumber("+1 506 234 5678", region: nil, e164: "+15062345678", type: .fixedLineOrMobile, numberRegion: "CA")
        expectNumber("+1 268 464 1234", region: nil, e164: "+12684641234", type: .mobile, numberRegion: "AG")
        expectNumber("+1 876 210 1234", region: nil, e164: "+18762101234", type: .mobile, numberRegion: "JM")
        let canadian = try? PhoneNumberUtility.parse("+1 506 234 5678", defaultRegion: nil)
        #expect(canadian.map { PhoneNumberUtility.isValid($0, forRegion: "CA") } == true)
        #expect(canadian.map { PhoneNumberUtility.isValid($0, forRegion: "US") } == false)
    }

    @Test func sharedCallingCodeFortyFour() {
        expectNumber("+44 7400 123456", region: nil, e164: "+447400123456", type: .mobile, numberRegion: "GB")
        expectNumber("+44 1624 756789", region: nil, e164: "+441624756789", type: .fixedLine, numberRegion: "IM")
    }

    @Test func foreignNumberAgainstDefaultRegion() {
        expectNumber(
            "+65 8123 4567", region: "MY", e164: "+6581234567", type: .mobile, validForRegion: false,
            numberRegion: "SG")
        expectNumber("8123 4567", region: "SG", e164: "+6581234567", type: .mobile, validForRegion: true)
    }

    @Test func types() {
        expectNumber("03-2385 6789", region: "MY", e164: "+60323856789", type: .fixedLine, validForRegion: true)
        expectNumber("1300 12 3456", region: "MY", e164: "+601300123456", type: .tollFree, validForRegion: true)
        expectNumber("1800 88 1234", region: "MY", e164: "+601800881234", type: .tollFree, validForRegion: true)
        expectNumber("+7 912 345-67-89", region: nil, e164: "+79123456789", type: .mobile, numberRegion: "RU")
    }

    @Test func nonGeographicNumbers() {
        expectNumber("+800 1234 5678", region: nil, e164: "+80012345678", type: .tollFree, numberRegion: "001")
        expectNumber("+882 3456 7890", region: nil, e164: "+88234567890", type: .unknown, valid: false)
        let freephone = try? PhoneNumberUtility.parse("+800 1234 5678", defaultRegion: nil)
        #expect(freephone.map { PhoneNumberUtility.isValid($0, forRegion: "001") } == true)
    }

    @Test func invalidButParsed() {
        expectNumber("+60 12 345 678", region: nil, e164: "+6012345678", type: .unknown, valid: false)
        expectNumber("+60 12 345 6789 0", region: nil, e164: "+601234567890", type: .unknown, valid: false)
        expectNumber("12", region: "MY", e164: "+6012", type: .unknown, valid: false, validForRegion: false)
        // Mexico's old mobile prefix 044 is no longer stripped.
        expectNumber(
            "044 55 1234 5678", region: "MX", e164: "+520445512345678", type: .unknown, valid: false,
            validForRegion: false)
    }
}
