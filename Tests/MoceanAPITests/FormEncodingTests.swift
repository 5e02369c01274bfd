import Testing

@testable import MoceanAPI

@Suite struct FormEncodingTests {
    @Test func encodesLikeAnHTMLForm() {
        let encoded = FormEncoding.encode([("mocean-text", "Hello, world & ünïcode +1"), ("mocean-to", "60123456789")])
        #expect(encoded == "mocean-text=Hello%2C+world+%26+%C3%BCn%C3%AFcode+%2B1&mocean-to=60123456789")
    }

    @Test func decodesPlusAndPercentEscapes() {
        #expect(FormEncoding.decodeComponent("Authorization+failed") == "Authorization failed")
        #expect(FormEncoding.decodeComponent("Invalid%20sender%2C%20try%20again") == "Invalid sender, try again")
        #expect(FormEncoding.decodeComponent("100%") == "100%", "a stray percent sign stays as it is")
    }
}
