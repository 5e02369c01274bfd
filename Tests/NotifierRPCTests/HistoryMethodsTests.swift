import Foundation
import GRDB
import JSONRPC
import TestSupport
import Testing

@testable import Notifier

/// `history.query` and `history.export` through the dispatcher: the filters clients give, as they give them.
@Suite struct HistoryMethodsTests {
    /// Stores a sent SMS about `orderID` and returns its id.
    @discardableResult
    private func storeRow(_ rpc: RPCHarness, orderID: String?, text: String) async throws -> Int64 {
        try await rpc.database.writer.write { db in
            let now = Date()
            var row = MessageRecord(
                id: nil, origin: .event, eventRef: nil, broadcastID: nil, audience: .customer,
                eventType: "store/order/created", eventID: orderID, orderID: orderID, sender: "MyShop", text: text,
                recipientTyped: "60123456789", recipient: "60123456789", encoding: "GSM-7", parts: 1, state: .sent,
                reason: nil, attempts: 1, nextAttemptAt: nil, priority: 0, gatewayStatus: 0, gatewayResponse: "0",
                msgid: nil, deliveredAt: nil, deliveryErrorCode: nil, statusChecks: 0, nextStatusCheckAt: nil,
                createdAt: now, updatedAt: now)
            try row.insert(db)
            return row.id ?? 0
        }
    }

    @Test(arguments: ["history.query", "history.export"])
    func aSearchHoldingANULIsRefusedNamingTheField(_ method: String) async throws {
        let rpc = try RPCHarness()
        try await storeRow(rpc, orderID: "102", text: "Order 102 is on its way")
        for search in ["a\u{0}b", "\u{0}", "order \u{0}102"] {
            let answer = await rpc.call(method, ["search": .string(search)])
            #expect(answer["error"]?["code"] == -32602, "\(method) \(search.debugDescription): \(answer)")
            #expect(answer["error"]?["data"]?["field"] == "search")
            #expect(answer["error"]?["message"]?.stringValue?.contains("NUL") == true, "\(answer)")
        }
    }

    @Test func everyOtherControlCharacterIsSearchedWithoutFailing() async throws {
        let rpc = try RPCHarness()
        try await storeRow(rpc, orderID: "102", text: "Order 102 is on its way")
        for scalar in (1...0x1F).compactMap(Unicode.Scalar.init) + ["\u{7F}"] {
            for search in ["a\(scalar)b", "ord\(scalar)er", "\(scalar)"] {
                let answer = await rpc.call("history.query", ["search": .string(search)])
                #expect(answer["result"]?["total"] != nil, "\(search.debugDescription): \(answer)")
            }
        }
    }

    @Test(arguments: ["history.query", "history.export"])
    func anOrderIdIsTakenAsANumberOrAsText(_ method: String) async throws {
        let rpc = try RPCHarness()
        try await storeRow(rpc, orderID: "102", text: "Order 102 is on its way")
        try await storeRow(rpc, orderID: "103", text: "Order 103 is on its way")
        for orderId: JSONValue in [102, "102"] {
            let answer = await rpc.call(method, ["orderId": orderId])
            if method == "history.query" {
                #expect(answer["result"]?["total"] == 1, "\(orderId): \(answer)")
                #expect(answer["result"]?["rows"]?.arrayValue?.first?["orderId"] == "102")
            } else {
                #expect(answer["result"]?["rows"] == 1, "\(orderId): \(answer)")
                #expect(answer["result"]?["content"]?.stringValue?.contains("Order 102") == true, "\(answer)")
                #expect(answer["result"]?["content"]?.stringValue?.contains("Order 103") == false)
            }
        }
        for refused: JSONValue in [-1, 102.5, true, ["102"], 1e30] {
            let answer = await rpc.call(method, ["orderId": refused])
            #expect(answer["error"]?["code"] == -32602, "\(refused): \(answer)")
            #expect(answer["error"]?["data"]?["field"] == "orderId", "\(refused): \(answer)")
        }
    }
}
