import Testing

@testable import JSONCore
@testable import JSONRPC

@Suite struct JSONCodableTests {
    struct Order: Codable, Equatable {
        struct Line: Codable, Equatable {
            var sku: String
            var quantity: Int
        }
        var id: Int64
        var note: String?
        var lines: [Line]
        var raw: JSONValue?
    }

    @Test func decodesAndEncodesInDeclarationOrder() throws {
        let value: JSONValue = [
            "id": 7, "lines": [["sku": "A", "quantity": 2]],
            "raw": ["x": .number(JSONNumber(unchecked: "12345678901234567890123"))],
        ]
        let order = try JSONValueDecoder().decode(Order.self, from: value)
        #expect(
            order
                == Order(
                    id: 7, note: nil, lines: [.init(sku: "A", quantity: 2)],
                    raw: ["x": .number(JSONNumber(unchecked: "12345678901234567890123"))]))
        let encoded = try JSONValueEncoder().encode(order)
        #expect(
            encoded.description == #"{"id":7,"lines":[{"sku":"A","quantity":2}],"raw":{"x":12345678901234567890123}}"#)
    }

    @Test func reportsThePathOfAMismatch() throws {
        let value: JSONValue = ["id": 7, "lines": [["sku": "A", "quantity": 2], ["sku": "B", "quantity": "many"]]]
        do {
            _ = try JSONValueDecoder().decode(Order.self, from: value)
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            let rpc = ParamsBinding.invalidParams(from: error)
            #expect(rpc.code == -32602)
            #expect(rpc.data?["field"] == "lines[1].quantity")
            #expect(rpc.data?["reason"]?.stringValue?.contains("expected an integer") == true)
        }
    }

    @Test func refusesFractionsAndOverflowForIntegers() {
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: 1.5) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: 300) }
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Int64.self, from: .number(JSONNumber(unchecked: "1e30")))
        }
        #expect((try? JSONValueDecoder().decode(Int.self, from: .number(JSONNumber(unchecked: "5e0")))) == 5)
    }

    @Test func nullForARequiredFieldIsNamed() throws {
        let value: JSONValue = ["id": nil, "lines": []]
        do {
            _ = try JSONValueDecoder().decode(Order.self, from: value)
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            #expect(ParamsBinding.invalidParams(from: error).data?["field"] == "id")
        }
    }
}
