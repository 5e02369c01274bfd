import HTTPClient
import JSONRPC
import Notifier
import Synchronization
import TestSupport
import Testing

@testable import NotifierRPC

/// The customer directory: sync from a stubbed store, import, list, upsert.
@Suite struct CustomersTests {
    /// The store's customers, page by page, as a test changes them.
    final class Pages: Sendable {
        let value: Mutex<[[String]]>
        init(_ pages: [[String]]) { value = Mutex(pages) }
        func set(_ pages: [[String]]) { value.withLock { $0 = pages } }
    }

    /// A store with `pages` of customers (v3 shape, with addresses).
    static func store(pages: Pages) -> StubTransport {
        StubTransport { request in
            if request.url.hasSuffix("/v2/store") {
                return HTTPResponse(status: 200, body: Array(#"{"name":"My Shop"}"#.utf8))
            }
            let all = pages.value.withLock { $0 }
            let number = Int(request.url.split(separator: "page=").last ?? "1") ?? 1
            let customers = number <= all.count ? all[number - 1] : []
            let next = number < all.count ? #","links":{"next":"?page=\#(number + 1)"}"# : #","links":{}"#
            let body =
                #"{"data":[\#(customers.joined(separator: ","))],"meta":{"pagination":{"total":9,"total_pages":\#(all.count),"current_page":\#(number)\#(next)}}}"#
            return HTTPResponse(status: 200, body: Array(body.utf8))
        }
    }

    static func customer(_ id: Int, phone: String?, addressPhone: String? = nil) -> String {
        let own = phone.map { #""phone":"\#($0)","# } ?? #""phone":"","#
        let address = addressPhone.map { #"[{"phone":"\#($0)","country_code":"MY"}]"# } ?? "[]"
        return
            #"{"id":\#(id),"first_name":"C\#(id)","last_name":"L","email":"c\#(id)@example.com",\#(own)"addresses":\#(address)}"#
    }

    @Test func aSyncCopiesTheStoresCustomersAndRemovesThoseItDeleted() async throws {
        let pages = Pages([
            [Self.customer(1, phone: "+60123456789"), Self.customer(2, phone: nil, addressPhone: "012-345 6790")],
            [Self.customer(3, phone: nil)],
        ])
        let rpc = try RPCHarness(transport: Self.store(pages: pages))
        _ = await rpc.call("account.set", ["customerCountry": "MY"])
        _ = await rpc.call(
            "store.set", ["storeHash": "abc123", "accessToken": "token", "apiUrl": "http://127.0.0.1:9"])
        let first = await rpc.call("customers.sync", [:])
        #expect(first["result"]?["added"] == 3 && first["result"]?["withoutPhone"] == 1, "\(first)")
        #expect(first["result"]?["pages"] == 2 && first["result"]?["removed"] == 0)
        let reachable = await rpc.call("customers.list", ["hasPhone": true])
        let digits = reachable["result"]?["customers"]?.arrayValue?.compactMap { $0["phoneDigits"]?.stringValue }
        #expect(Set(digits ?? []) == ["60123456789", "60123456790"], "the address's phone when the customer has none")
        pages.set([[Self.customer(1, phone: "+60123456789")]])
        let second = await rpc.call("customers.sync", [:])
        #expect(second["result"]?["updated"] == 1 && second["result"]?["removed"] == 2, "\(second)")
        let all = await rpc.call("customers.list", [:])
        #expect(all["result"]?["total"] == 1)
    }

    @Test func withoutAStoreASyncSaysWhatToDo() async throws {
        let rpc = try RPCHarness()
        let answer = await rpc.call("customers.sync", [:])
        #expect(answer["error"]?["code"] == -32602 && answer["error"]?["data"]?["field"] == "storeHash")
    }

    @Test func anImportChecksEveryPhoneAndKeepsTheReason() async throws {
        let rpc = try RPCHarness()
        _ = await rpc.call("account.set", ["customerCountry": "MY"])
        let csv =
            "first_name,last_name,email,phone\r\n\"Rahman, Aisyah\",R,a@example.com,012-345 6789\r\n"
            + "Land,Line,l@example.com,03-2161 2345\r\nNo,Phone,n@example.com,\r\n"
        let imported = await rpc.call("customers.import", ["content": .string(csv)])
        #expect(imported["result"]?["added"] == 3 && imported["result"]?["withoutPhone"] == 1, "\(imported)")
        let refused = imported["result"]?["refused"]?.arrayValue ?? []
        #expect(refused.count == 1 && refused.first?["row"] == 2)
        #expect(refused.first?["reason"]?.stringValue?.contains("fixed-line") == true)
        let found = await rpc.call("customers.list", ["search": "aisyah"])
        #expect(found["result"]?["customers"]?.arrayValue?.first?["firstName"] == "Rahman, Aisyah")
        let jsonl = #"{"firstName":"J","phone":"+60134567890","id":77}"# + "\n"
        let more = await rpc.call("customers.import", ["content": .string(jsonl), "format": "jsonl"])
        #expect(more["result"]?["added"] == 1)
        let bad = await rpc.call("customers.import", ["content": "name,phone\nx,1\n"])
        #expect(bad["error"]?["data"]?["accepted"] != nil, "an unknown column names the known ones")
        let manual = await rpc.call("customers.upsert", ["firstName": "M", "phone": "012-345 6791"])
        #expect(manual["result"]?["phoneDigits"] == "60123456791" && manual["result"]?["source"] == "manual")
        let id = try #require(manual["result"]?["id"])
        #expect(await rpc.call("customers.get", ["id": id])["result"]?["firstName"] == "M")
        #expect(await rpc.call("customers.get", ["id": 9999])["error"]?["code"] == 1005)
    }
}
