import Testing

@testable import JSONCore

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func keepsNumberLiteralsExactly() throws {
        let value = try parse(#"[12345678901234567890123, 1.5, -0, 3e10, 0.1e-2]"#)
        #expect(value.description == "[12345678901234567890123,1.5,-0,3e10,0.1e-2]")
    }

    @Test func readsStringsWithEscapesAndSurrogatePairs() throws {
        let value = try parse(#""a\"b\\c\/\n\t\u00e9\ud83d\ude00 €""#)
        #expect(value == .string("a\"b\\c/\n\té😀 €"))
    }

    @Test func keepsObjectMemberOrderAndLastDuplicateWins() throws {
        let value = try parse(#"{"b":1,"a":2,"b":3}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == 3)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"abc", "[1] x", "{'a':1}", "\"\u{01}\"",
        "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "nul", "1e", "[1 2]",
    ])
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    @Test func refusesInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }

    @Test func refusesNestingBeyondTheLimitWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try parse(deep) }
        #expect(error?.reason.contains("nesting deeper") == true)
        let allowed = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: Never.self) { try parse(allowed) }
    }

    @Test func writerEscapesControlCharactersAndRoundTrips() throws {
        let original: JSONValue = ["text": "line\nbreak \u{7} \"quoted\" é", "list": [1, 2.5, nil, true]]
        let text = original.description
        #expect(text.contains("\\n") && text.contains("\\u0007") && text.contains("\\\""))
        #expect(try parse(text) == original)
    }

    @Test func prettyPrintIsValidJSONWithIndentation() throws {
        let value: JSONValue = ["a": [1, 2], "b": ["c": "d"], "e": [], "f": [:]]
        let pretty = JSONWriter.prettyPrint(value)
        #expect(pretty.contains("\n  \"a\": [\n    1,"))
        #expect(try parse(pretty) == value)
    }
}

@Suite struct JSONNumberTests {
    @Test func keepsTheWrittenFormOfExactNumbers() {
        #expect(JSONNumber(exactly: "100.0000")?.literal == "100.0000")
        #expect(JSONNumber(exactly: "6.4448")?.description == "6.4448")
        #expect(JSONNumber(exactly: "1,5") == nil)
        #expect(JSONNumber(exactly: "") == nil)
        #expect(JSONNumber(exactly: " 1")?.literal == "1", "white space around the number is JSON's own")
    }
}
