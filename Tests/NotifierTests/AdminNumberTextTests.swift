import Testing

@testable import Notifier

/// Admin numbers typed on one line, as people type them.
@Suite struct AdminNumberTextTests {
    private let malaysia = PhonePolicy(country: "MY")
    private let anywhere = PhonePolicy(country: nil)

    @Test(arguments: [
        ("60123456789 60123456666", ["60123456789", "60123456666"]),
        ("012-345 6789", ["012-345 6789"]),
        ("012 345 6789", ["012 345 6789"]),
        ("+60 12-345 6789 +60 13-456 7890", ["+60 12-345 6789", "+60 13-456 7890"]),
        ("012-345 6789, 013-456 7890", ["012-345 6789", "013-456 7890"]),
        ("012 345 6789 013 456 7890", ["012 345 6789", "013 456 7890"]),
        ("60123456789;60123456666\n60134567890", ["60123456789", "60123456666", "60134567890"]),
    ])
    func splitsWhereEachPieceIsANumber(text: String, expected: [String]) {
        #expect(AdminNumberText.split(text, policy: malaysia) == expected)
    }

    @Test func withoutACountryPiecesAreJoinedUpToAPlausibleLength() {
        #expect(AdminNumberText.split("012-345 6789", policy: anywhere) == ["012-345 6789"])
        #expect(AdminNumberText.split("60123456789 60123456666", policy: anywhere) == ["60123456789", "60123456666"])
    }

    @Test func whatMakesNoNumberIsKeptWholeForTheCheckToReport() {
        #expect(AdminNumberText.split("12 34", policy: malaysia) == ["12 34"])
    }
}
