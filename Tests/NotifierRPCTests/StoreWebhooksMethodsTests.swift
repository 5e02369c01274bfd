import Foundation
import HTTPClient
import JSONRPC
import Notifier
import Synchronization
import TestSupport
import Testing

@testable import NotifierRPC

/// store.registerWebhooks and store.webhooks against a scripted store API: created, updated with the header,
/// a deactivated hook re-enabled, states listed.
@Suite struct StoreWebhooksMethodsTests {
    static let destination = "https://notify.example.com/webhooks/bigcommerce"

    /// A store that keeps hooks in memory, as `/v3/hooks` does; `deactivated` scopes start inactive.
    final class HookStore: Sendable {
        let hooks = Mutex<[JSONValue]>([])

        init(existing: [JSONValue] = []) {
            hooks.withLock { $0 = existing }
        }

        func answer(_ request: HTTPRequest) throws -> HTTPResponse {
            let path = request.url.split(separator: "/stores/abc123", maxSplits: 1).last.map(String.init) ?? ""
            if path.hasPrefix("/v2/store") {
                return HTTPResponse(status: 200, body: Array(#"{"name":"Shop"}"#.utf8))
            }
            let body = request.body.isEmpty ? JSONValue.null : try JSONParser.parse(request.body)
            return hooks.withLock { hooks in
                switch request.method {
                case .get:
                    return HTTPResponse(
                        status: 200, body: Array(#"{"data":\#(JSONValue.array(hooks)),"meta":{}}"#.utf8))
                case .post:
                    var hook = body.objectValue ?? JSONObject()
                    hook["id"] = .number(JSONNumber(hooks.count + 1))
                    hooks.append(.object(hook))
                    return HTTPResponse(status: 200, body: Array(#"{"data":\#(JSONValue.object(hook))}"#.utf8))
                default:
                    let id = Int(path.split(separator: "/").last ?? "") ?? 0
                    var hook = body.objectValue ?? JSONObject()
                    hook["id"] = .number(JSONNumber(id))
                    if let index = hooks.firstIndex(where: { $0["id"] == .number(JSONNumber(id)) }) {
                        hooks[index] = .object(hook)
                    }
                    return HTTPResponse(status: 200, body: Array(#"{"data":\#(JSONValue.object(hook))}"#.utf8))
                }
            }
        }
    }

    private func connected(_ store: HookStore) async throws -> RPCHarness {
        let rpc = try RPCHarness(transport: StubTransport(answer: { try store.answer($0) }))
        _ = await rpc.call(
            "store.set", ["storeHash": "abc123", "accessToken": "store-token", "apiUrl": "http://127.0.0.1:9"])
        return rpc
    }

    @Test func registeringCreatesTheNineHooksOnceThenReenablesADeactivatedOne() async throws {
        let store = HookStore()
        let rpc = try await connected(store)
        let first = await rpc.call("store.registerWebhooks", ["destination": .string(Self.destination)])
        let hooks = try #require(first["result"]?["hooks"]?.arrayValue, "\(first)")
        #expect(hooks.count == 9 && hooks.allSatisfy { $0["change"] == "created" })
        let stored = store.hooks.withLock { $0 }
        #expect(stored.allSatisfy { $0["headers"]?["X-Mocean-Notify-Secret"]?.stringValue?.count == 64 })
        #expect(stored.allSatisfy { $0["destination"] == .string(Self.destination) && $0["is_active"] == true })
        // The store deactivates one after failed deliveries.
        store.hooks.withLock { hooks in
            var hook = hooks[2].objectValue ?? JSONObject()
            hook["is_active"] = false
            hooks[2] = .object(hook)
        }
        let listed = await rpc.call("store.webhooks", ["destination": .string(Self.destination)])
        #expect(listed["result"]?["allActive"] == false)
        #expect(listed["result"]?["hooks"]?.arrayValue?.filter { $0["state"] == "inactive" }.count == 1)
        let again = await rpc.call("store.registerWebhooks", ["destination": .string(Self.destination)])
        let changes = again["result"]?["hooks"]?.arrayValue?.compactMap { $0["change"]?.stringValue } ?? []
        #expect(changes.filter { $0 == "reactivated" }.count == 1 && changes.filter { $0 == "unchanged" }.count == 8)
        #expect(store.hooks.withLock { $0.count } == 9, "nothing created twice")
        let after = await rpc.call("store.webhooks", ["destination": .string(Self.destination)])
        #expect(after["result"]?["allActive"] == true)
        #expect(!after.description.contains(stored[0]["headers"]?["X-Mocean-Notify-Secret"]?.stringValue ?? "-"))
    }

    @Test func aDestinationTheStoreWouldRefuseAndNoPublicURLAreSaidClearly() async throws {
        let rpc = try await connected(HookStore())
        let plain = await rpc.call("store.registerWebhooks", ["destination": "http://notify.example.com/hook"])
        #expect(plain["error"]?["data"]?["field"] == "destination", "\(plain)")
        let none = await rpc.call("store.registerWebhooks", [:])
        #expect(
            none["error"]?["data"]?["reason"]?.stringValue?.contains("--public-url") == true, "\(none)")
        let unconnected = try RPCHarness()
        let alone = await unconnected.call("store.webhooks", ["destination": .string(Self.destination)])
        #expect(alone["error"]?["data"]?["field"] == "storeHash")
    }
}
