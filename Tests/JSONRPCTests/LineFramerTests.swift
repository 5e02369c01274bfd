import Testing

@testable import JSONRPC

@Suite struct LineFramerTests {
    private func lines(_ events: [LineFramer.Event]) -> [String] {
        events.compactMap { if case .line(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }

    @Test func splitsOnNewlinesAndDropsCarriageReturns() {
        var framer = LineFramer()
        let events = framer.push(Array("a\r\nb\n\n   \n\r\nc".utf8))
        #expect(lines(events) == ["a", "b"])
        #expect(lines(framer.finish()) == ["c"])
    }

    @Test func assemblesALineSentByteByByte() {
        var framer = LineFramer()
        var events: [LineFramer.Event] = []
        for byte in Array("{\"x\":1}\n".utf8) { events += framer.push([byte]) }
        #expect(lines(events) == ["{\"x\":1}"])
    }

    @Test func reportsAnOversizedLineAndRecovers() {
        var framer = LineFramer(maximumLineBytes: 10)
        var events = framer.push(Array(repeating: UInt8(ascii: "x"), count: 7))
        events += framer.push(Array(repeating: UInt8(ascii: "y"), count: 30))
        #expect(events.isEmpty)
        events += framer.push(Array("z\nok\n".utf8))
        #expect(events == [.oversized(byteCount: 38, head: Array("xxxxxxxyyyyyyyyy".utf8)), .line(Array("ok".utf8))])
    }

    @Test func acceptsALineOfExactlyTheLimitWithCRLF() {
        var framer = LineFramer(maximumLineBytes: 4)
        #expect(lines(framer.push(Array("abcd\r\nabcde\n".utf8))) == ["abcd"])
    }
}
