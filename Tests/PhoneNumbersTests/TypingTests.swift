import PhoneNumbers
import Testing

/// The ways a number is typed: all give the same number. Answers verified with libphonenumber.
@Suite struct TypingTests {
    @Test func fullWidthDigitsAndSeparators() {
        expectNumber("＋６０ １２-３４５ ６７８９", region: nil, e164: "+60123456789", type: .mobile, numberRegion: "MY")
        expectNumber("０１２－３４５\u{3000}６７８９", region: "MY", e164: "+60123456789", type: .mobile, validForRegion: true)
    }

    @Test func telURIs() {
        expectNumber("tel:12-345-6789;phone-context=+60", region: nil, e164: "+60123456789", type: .mobile)
        expectNumber(
            "tel:012-345-6789;phone-context=example.com", region: "MY", e164: "+60123456789", type: .mobile,
            validForRegion: true)
        expectNumber("tel:+60-12-345-6789;isub=12", region: nil, e164: "+60123456789", type: .mobile)
        expectError("tel:123;phone-context=", region: "MY", .notANumber)
    }

    @Test func extensions() {
        expectNumber(
            "+60 12-345 6789 ext. 123", region: nil, e164: "+60123456789", type: .mobile, extensionDigits: "123")
        expectNumber(
            "+1 650 253 0000 x123", region: nil, e164: "+16502530000", type: .fixedLineOrMobile, extensionDigits: "123")
        expectNumber(
            "tel:+1-650-253-0000;ext=123", region: nil, e164: "+16502530000", type: .fixedLineOrMobile,
            extensionDigits: "123")
        expectNumber(
            "+44 20 7031 3000 #45", region: nil, e164: "+442070313000", type: .fixedLine, extensionDigits: "45")
        // A second extension after a slash starts a second number, which is dropped.
        expectNumber(
            "(530) 583-6985 x302/x2303", region: "US", e164: "+15305836985", type: .fixedLineOrMobile,
            validForRegion: true, extensionDigits: "302")
    }

    @Test func vanityLetters() {
        expectNumber("1-800-FLOWERS", region: "US", e164: "+18003569377", type: .tollFree, validForRegion: true)
        expectNumber("+1 800 FLOWERS", region: nil, e164: "+18003569377", type: .tollFree)
    }

    @Test func internationalPrefixes() {
        expectNumber(
            "00 60 12 345 6789", region: "GB", e164: "+60123456789", type: .mobile, validForRegion: false,
            numberRegion: "MY")
        expectNumber("011 60 12 345 6789", region: "US", e164: "+60123456789", type: .mobile, validForRegion: false)
        // 00 is no international prefix in the United States: the digits are a (wrong) national number.
        expectNumber(
            "00 60 12 345 6789", region: "US", e164: "+10060123456789", type: .unknown, valid: false,
            validForRegion: false)
        expectNumber("+0060 12 345 6789", region: "MY", e164: "+60123456789", type: .mobile, validForRegion: true)
    }

    @Test func countryCodeWithoutPlus() {
        expectNumber("60123456789", region: "MY", e164: "+60123456789", type: .mobile, validForRegion: true)
        expectNumber("60 12 345 6789", region: "MY", e164: "+60123456789", type: .mobile, validForRegion: true)
    }

    @Test func nationalPrefixes() {
        expectNumber("012-345 6789", region: "MY", e164: "+60123456789", type: .mobile, validForRegion: true)
        expectNumber("8 (912) 345-67-89", region: "RU", e164: "+79123456789", type: .mobile, validForRegion: true)
        // Too short once the 0 is stripped: the 0 stays, and the number is not valid.
        expectNumber(
            "012 345 67", region: "MY", e164: "+6001234567", nationalNumber: "01234567", type: .unknown, valid: false,
            validForRegion: false)
    }
}
