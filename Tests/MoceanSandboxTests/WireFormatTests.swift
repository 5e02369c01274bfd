import Testing

@testable import MoceanSandbox

/// Form decoding, part counting, amounts and answer bodies, without a socket.
@Suite struct WireFormatTests {
    @Test func formsDecodePlusPercentAndUTF8() {
        let form = FormParameters(decoding: Array("a=1+2&b=%E2%82%AC%2B&c&d=%zz%4&a=ignored&e=x=y".utf8))
        #expect(form["a"] == "1 2")
        #expect(form["b"] == "€+")
        #expect(form["c"] == "")
        #expect(form["d"] == "%zz%4", "broken escapes stay as they are")
        #expect(form["e"] == "x=y")
        #expect(form["missing"] == nil)
        let encoded = FormParameters.encode([("mocean-text", "Hi there & €")])
        #expect(encoded == "mocean-text=Hi%20there%20%26%20%E2%82%AC")
        #expect(FormParameters(decoding: Array(encoded.utf8))["mocean-text"] == "Hi there & €")
    }

    @Test(
        arguments: [
            ("", nil, MessageLength.Encoding.gsm7, 0, 1),
            (String(repeating: "a", count: 153 * 2), nil, .gsm7, 306, 2),
            (String(repeating: "a", count: 153 * 2 + 1), nil, .gsm7, 307, 3),
            ("^{}\\[]~|€", nil, .gsm7, 18, 1),
            ("façade", nil, .ucs2, 6, 1),
            ("Grüße", nil, .gsm7, 5, 1),
            ("line\r\nbreak", nil, .gsm7, 11, 1),
            ("😀", nil, .ucs2, 2, 1),
            (String(repeating: "😀", count: 35) + "a", "3", .ucs2, 71, 2),
            (String(repeating: "a", count: 141), "2", .eightBit, 141, 2),
            ("abc", "1", .gsm7, 3, 1),
            ("ąbc", "1", .ucs2, 3, 1),
        ] as [(String, String?, MessageLength.Encoding, Int, Int)])
    func partsFollowTheAlphabet(text: String, coding: String?, encoding: MessageLength.Encoding, units: Int, parts: Int)
    {
        let length = MessageLength(text: text, coding: coding.flatMap { Int($0) })
        #expect(length.encoding == encoding)
        #expect(length.units == units)
        #expect(length.parts == parts)
    }

    @Test func amountsKeepFourDecimals() {
        #expect(Money(6.4448).description == "6.4448")
        #expect(Money(0.05).description == "0.0500")
        #expect(Money(100).description == "100.0000")
        #expect((Money(6.4448) - Money(0.05) * 3).description == "6.2948")
        #expect(Money(units: -5).description == "-0.0005")
    }

    @Test func answersWriteAsJSONAndXML() {
        let value: WireValue = .object([
            ("status", 0), ("text", "a\"b<c>&\n"), ("messages", .array([.object([("msgid", "x")])])),
            ("value", .money(Money(1))), ("none", .null),
        ])
        #expect(
            value.json == #"{"status":0,"text":"a\"b<c>&\n","messages":[{"msgid":"x"}],"value":1.0000,"none":null}"#)
        #expect(
            value.xml == #"<?xml version="1.0" encoding="UTF-8"?><result><status>0</status>"#
                + "<text>a&quot;b&lt;c&gt;&amp;\n</text><messages><message><msgid>x</msgid></message></messages>"
                + "<value>1.0000</value><none></none></result>")
    }

    @Test func msgidsHaveMoceansShape() {
        #expect(SandboxState.msgid(send: 2737, receiver: 1) == "CPASS_restapi_C0000000000002737.0001")
    }

    @Test func theGeneratorRepeatsForASeed() {
        var first = SeededGenerator(seed: 9)
        var second = SeededGenerator(seed: 9)
        #expect((0..<5).map { _ in first.next() } == (0..<5).map { _ in second.next() })
        let never = first.happens(withShare: 0)
        let always = first.happens(withShare: 1)
        #expect(!never && always)
    }
}

/// BigCommerce's webhook retry schedule, scaled.
@Suite struct WebhookRetryScheduleTests {
    @Test func theScheduleIsScaled() {
        let delays = WebhookRetrySchedule.delays(scale: 1.0 / 600)
        #expect(delays.count == 11)
        #expect(delays.first == .milliseconds(100))
        #expect(delays.last == .seconds(144))
        #expect(WebhookRetrySchedule.delays(scale: 1).last == .seconds(86_400))
        #expect(WebhookRetrySchedule.delays(scale: 0).allSatisfy { $0 == .zero })
    }

    @Test func theStoreIdIsNumericAndStable() {
        let id = StoreEvent.storeId("sandbox")
        #expect(id.count == 7 && id.allSatisfy(\.isNumber))
        #expect(StoreEvent.storeId("sandbox") == id && StoreEvent.storeId("other") != id)
    }
}
