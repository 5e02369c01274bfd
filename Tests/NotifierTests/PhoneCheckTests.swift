import PhoneNumbers
import Testing

@testable import Notifier

/// The seed's rule and the two settings, with libphonenumber's answers (checked against phonenumbers 9.0.43).
@Suite struct PhoneCheckTests {
    let malaysia = PhonePolicy(country: "MY")

    @Test(arguments: [
        "012-345 6789", "+60 12-345 6789", "0123456789", "(012) 345-6789", "0060123456789", "60123456789",
    ])
    func aMalaysianMobileTypedAnyWayGoesToTheSameDigits(_ typed: String) {
        let check = PhoneCheck.check(typed, policy: malaysia)
        #expect(check.valid == true && check.reason == nil)
        #expect(check.gatewayNumber == "60123456789")
        #expect(check.number?.e164 == "+60123456789")
        #expect(check.smsCapable == true)
    }

    @Test func aForeignNumberIsRefusedByDefaultAsInTheSeed() {
        let check = PhoneCheck.check("+65 9123 4567", policy: malaysia)
        #expect(check.valid == false)
        #expect(check.reason?.contains("SG") == true, "\(check.reason ?? "")")
        #expect(check.number?.region == "SG")
    }

    @Test func theDefaultRefusalSaysHowToAcceptForeignNumbers() {
        let check = PhoneCheck.check("+65 9123 4567", policy: malaysia)
        #expect(check.reason?.hasSuffix("set allowForeignNumbers to accept numbers of other countries") == true)
    }

    @Test func withForeignNumbersAllowedAnInvalidOneIsJudgedInItsOwnCountry() {
        let check = PhoneCheck.check("+65 1234 5678", policy: PhonePolicy(country: "MY", allowForeignNumbers: true))
        #expect(check.valid == false)
        #expect(check.reason?.contains("Malaysia") == false, "\(check.reason ?? "")")
        #expect(check.reason?.contains("SG") == true, "\(check.reason ?? "")")
    }

    @Test func fullWidthDigitsCountWithoutACountry() {
        let check = PhoneCheck.check("０１２３４５６７８９", policy: PhonePolicy(country: nil))
        #expect(check.gatewayNumber == "0123456789")
    }

    @Test func aForeignNumberPassesWhenAllowed() {
        let check = PhoneCheck.check("+65 9123 4567", policy: PhonePolicy(country: "MY", allowForeignNumbers: true))
        #expect(check.valid == true)
        #expect(check.gatewayNumber == "6591234567")
    }

    @Test func aLandlineOrTollFreeNumberCannotReceiveSMS() {
        let landline = PhoneCheck.check("03-2161 2345", policy: malaysia)
        #expect(landline.valid == false)
        #expect(landline.reason == "a fixed-line number cannot receive SMS")
        #expect(landline.smsCapable == false)
        let tollFree = PhoneCheck.check("1800 88 8888", policy: malaysia)
        #expect(tollFree.valid == false && tollFree.reason == "a toll-free number cannot receive SMS")
        let allowed = PhoneCheck.check("03-2161 2345", policy: PhonePolicy(country: "MY", smsCapableOnly: false))
        #expect(allowed.valid == true && allowed.gatewayNumber == "60321612345")
    }

    @Test func aFixedLineOrMobileNumberMayReceiveSMS() {
        let check = PhoneCheck.check("+1 650 253 0000", policy: PhonePolicy(country: "US"))
        #expect(check.valid == true && check.smsCapable == true)
        #expect(check.number?.type == .fixedLineOrMobile)
    }

    @Test(arguments: ["12345", "hello", "+999 1234567", ""])
    func aNumberThatIsNotValidSaysWhy(_ typed: String) {
        let check = PhoneCheck.check(typed, policy: malaysia)
        #expect(check.valid == false)
        #expect(check.reason?.isEmpty == false)
    }

    @Test func withoutACountryNothingIsCheckedAndTheDigitsAreSentAsTyped() {
        let none = PhonePolicy(country: nil)
        let national = PhoneCheck.check("012-345 6789", policy: none)
        #expect(national.valid == nil && national.country == nil && national.reason == nil)
        #expect(national.gatewayNumber == "0123456789")
        let international = PhoneCheck.check("+65 9123 4567", policy: none)
        #expect(international.valid == nil)
        #expect(international.gatewayNumber == "6591234567")
        #expect(international.number?.region == "SG")
    }
}
