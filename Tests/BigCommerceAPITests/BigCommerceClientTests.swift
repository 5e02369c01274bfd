import BigCommerceAPI
import HTTPClient
import JSONCore
import Logging
import Synchronization
import TestSupport
import Testing

/// The store client against scripted answers: authentication, errors in the store's words, retries, and
/// pacing by the quota headers.
@Suite(.timeLimit(.minutes(1))) struct BigCommerceClientTests {
    private func client(_ transport: StubTransport) -> BigCommerceClient {
        BigCommerceClient(
            configuration: BigCommerceConfiguration(
                apiURL: "http://127.0.0.1:9", storeHash: "abc123", accessToken: "store-t0ken"),
            transport: transport, logger: Logger(label: "test"))
    }

    private static func quota(left: Int, resetMs: Int) -> [(name: String, value: String)] {
        [
            ("x-rate-limit-requests-left", String(left)), ("x-rate-limit-requests-quota", "150"),
            ("x-rate-limit-time-reset-ms", String(resetMs)), ("x-rate-limit-time-window-ms", "30000"),
        ]
    }

    @Test func sendsTheTokenToTheStoresPathAndReadsJSON() async throws {
        let transport = StubTransport(status: 200, body: #"{"id":250,"status":"Shipped"}"#)
        let order = try await client(transport).get("/v2/orders/250")
        #expect(order["status"] == "Shipped")
        let request = try #require(transport.lastRequest)
        #expect(request.url == "http://127.0.0.1:9/stores/abc123/v2/orders/250")
        #expect(request.headers.contains { $0.name == "X-Auth-Token" && $0.value == "store-t0ken" })
        #expect(request.description == "GET /stores/abc123/v2/orders/250", "no token in what may be logged")
    }

    @Test func errorsCarryTheStoresWordsAndAreTypedForRetrying() async throws {
        let cases: [(Int, String, BigCommerceError.Kind)] = [
            (401, #"{"status":401,"title":"You do not have permission"}"#, .unauthorized),
            (404, #"[{"status":404,"message":"The requested resource was not found."}]"#, .gone),
            (422, #"{"status":422,"title":"Invalid field"}"#, .rejected),
        ]
        for (status, body, kind) in cases {
            let transport = StubTransport(status: status, body: body)
            let error = await #expect(throws: BigCommerceError.self) { try await client(transport).get("/v2/x") }
            #expect(error?.kind == kind)
            #expect(transport.count("/v2/x") == 1, "final errors are not retried")
        }
        let words = await #expect(throws: BigCommerceError.self) {
            try await client(StubTransport(status: 401, body: #"{"title":"You do not have permission"}"#)).get("/v2/x")
        }
        #expect(words?.message == "You do not have permission")
    }

    @Test func transientFailuresAreRetriedThenReported() async throws {
        let tries = Atomic(0)
        let transport = StubTransport { _ in
            let attempt = tries.wrappingAdd(1, ordering: .relaxed).newValue
            return attempt < 3
                ? HTTPResponse(status: 503, body: Array("down".utf8))
                : HTTPResponse(status: 200, body: Array(#"{"ok":true}"#.utf8))
        }
        #expect(try await client(transport).get("/v2/store")["ok"] == true)
        #expect(tries.load(ordering: .relaxed) == 3)
        let failing = StubTransport(failure: HTTPTransportError(kind: .connection, detail: "refused"))
        let error = await #expect(throws: BigCommerceError.self) { try await client(failing).get("/v2/store") }
        #expect(error?.kind == .network && failing.count("/v2/store") == 4)
    }

    @Test func waitsForTheQuotaToRefillInsteadOfMeetingA429() async throws {
        let tries = Atomic(0)
        let transport = StubTransport { _ in
            let attempt = tries.wrappingAdd(1, ordering: .relaxed).newValue
            // The first answer says no request is left for 300 ms.
            return HTTPResponse(
                status: 200, body: Array(#"{"n":\#(attempt)}"#.utf8),
                headers: Self.quota(left: attempt == 1 ? 0 : 100, resetMs: 300))
        }
        let store = client(transport)
        _ = try await store.get("/v2/a")
        let started = ContinuousClock.now
        _ = try await store.get("/v2/b")
        #expect(ContinuousClock.now - started >= .milliseconds(250), "waited for the refill")
        #expect(tries.load(ordering: .relaxed) == 2, "no request was wasted")
    }

    @Test func a429WaitsForTheResetTheStoreGivesThenSucceeds() async throws {
        let tries = Atomic(0)
        let transport = StubTransport { _ in
            let attempt = tries.wrappingAdd(1, ordering: .relaxed).newValue
            return attempt == 1
                ? HTTPResponse(status: 429, body: [], headers: Self.quota(left: 0, resetMs: 200))
                : HTTPResponse(status: 200, body: Array("{}".utf8), headers: Self.quota(left: 149, resetMs: 30000))
        }
        let started = ContinuousClock.now
        _ = try await client(transport).get("/v2/store")
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(tries.load(ordering: .relaxed) == 2)
    }
}
