import JSONRPC
import Testing

/// How the engine refuses params before a handler runs: null where a parameter does not allow it, names that are
/// not one of an enum's, and numbers whose result no JSON number can carry.
@Suite struct ParamRefusalTests {
    enum Size: String, CaseIterable, Decodable, Sendable, StringEnumeration {
        case small, large
        static let valueNoun = "a size"
    }

    /// `size` may be left out but not null; `note` may be null.
    struct Order: RPCMethod {
        static let name = "test.order"
        static let parameters: [RPCParameter] = [
            .required("size"), .optional("colour"), .optional("note", nullable: true), .optional("extra"),
        ]

        struct Params: Decodable, Sendable {
            let size: Size
            let colour: String?
            let note: String?
            let extra: JSONValue?
        }

        func handle(_ params: Params, context: RPCContext) async throws -> JSONValue {
            ["size": .string(params.size.rawValue), "note": params.note.map(JSONValue.string) ?? nil]
        }
    }

    let harness = EngineHarness(extra: [Order()])

    private func answer(_ params: String) async throws -> JSONValue? {
        try await harness.answer(#"{"jsonrpc":"2.0","method":"test.order","params":\#(params),"id":1}"#)
    }

    @Test func nullIsRefusedUnlessTheParameterAllowsIt() async throws {
        for (params, field) in [
            (#"{"size":"small","colour":null}"#, "colour"), (#"{"size":"small","extra":null}"#, "extra"),
            (#"["small",null]"#, "colour"),
        ] {
            let refused = try await answer(params)
            #expect(refused?["error"]?["code"] == -32602)
            #expect(refused?["error"]?["data"]?["field"] == .string(field))
            #expect(refused?["error"]?["data"]?["reason"] == "must not be null: give a value, or leave it out")
        }
        let allowed = try await answer(#"{"size":"large","note":null}"#)
        #expect(allowed?["result"] == ["size": "large", "note": nil])
        let positional = try await answer(#"["large"]"#)
        #expect(positional?["result"]?["size"] == "large")
    }

    @Test func anEnumNamesTheValueAndTheAcceptedOnes() async throws {
        for (size, given) in [(#""medium""#, #""medium""#), ("null", "null"), ("3", "a number"), ("{}", "an object")] {
            let refused = try await answer(#"{"size":\#(size)}"#)
            #expect(refused?["error"]?["data"]?["field"] == "size")
            #expect(refused?["error"]?["data"]?["reason"] == .string("\(given) is not a size: use small or large"))
            #expect(refused?["error"]?["data"]?["accepted"] == ["small", "large"])
        }
    }

    @Test func anEnumStillDecodesOutsideParams() throws {
        #expect(try JSONValueDecoder().decode([Size].self, from: ["large", "small"]) == [.large, .small])
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Size.self, from: "Large") }
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","method":"subtract","params":[1e308,-1e308],"id":1}"#,
        #"{"jsonrpc":"2.0","method":"sum","params":[1.7976931348623157e308,1.7976931348623157e308],"id":1}"#,
        #"{"jsonrpc":"2.0","method":"sum","params":[-1e308,-1e308,-1e308],"id":1}"#,
    ])
    func aResultPastTheLargestJSONNumberIsRefusedNotZero(_ request: String) async throws {
        let answer = try await harness.answer(request)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["reason"]?.stringValue?.contains("1.8e308") == true)
    }

    @Test func largeButFiniteResultsStillAdd() async throws {
        let answer = try await harness.answer(#"{"jsonrpc":"2.0","method":"sum","params":[1e308,-1e308,5],"id":1}"#)
        #expect(answer?["result"] == 5)
    }
}
