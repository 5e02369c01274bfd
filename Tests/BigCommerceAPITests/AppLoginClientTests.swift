import BigCommerceAPI
import HTTPClient
import JSONCore
import TestSupport
import Testing

/// The install's code exchange against scripted answers of the login service: BigCommerce's body, its
/// grant read whole, and every refusal typed so that the install can say what to do.
@Suite struct AppLoginClientTests {
    static let credentials = AppCredentials(clientID: "app-id", clientSecret: "app-secret-0123456789abcdef0123456789")
    static let grant = #"""
        {"access_token": "store-token-1", "scope": "store_v2_orders_read_only store_v2_customers_read_only",
         "user": {"id": 42, "username": "merchant", "email": "merchant@example.com"},
         "owner": {"id": 7, "username": "owner", "email": "owner@example.com"},
         "context": "stores/abc123", "account_uuid": "uuid-1"}
        """#

    private func exchange(_ transport: StubTransport, context: String = "stores/abc123") async throws(AppLoginError)
        -> AppGrant
    {
        try await AppLoginClient(loginURL: "http://127.0.0.1:9/", transport: transport).exchange(
            code: "code-1", scope: "store_v2_orders_read_only", context: context,
            redirectURI: "https://notify.example.com/bigcommerce/auth", credentials: Self.credentials)
    }

    @Test func postsBigCommercesBodyAndReadsTheWholeGrant() async throws {
        let transport = StubTransport(status: 200, body: Self.grant)
        let grant = try await exchange(transport)
        #expect(grant.storeHash == "abc123" && grant.accessToken == "store-token-1")
        #expect(grant.user == AppUser(id: 42, email: "merchant@example.com", username: "merchant"))
        #expect(grant.owner?.id == 7 && grant.accountUUID == "uuid-1")
        let request = try #require(transport.lastRequest)
        #expect(request.method == .post && request.url == "http://127.0.0.1:9/oauth2/token")
        let body = try JSONParser.parse(request.body)
        #expect(body["client_id"] == "app-id" && body["client_secret"] == .string(Self.credentials.clientSecret))
        #expect(body["code"] == "code-1" && body["context"] == "stores/abc123")
        #expect(body["grant_type"] == "authorization_code")
        #expect(body["redirect_uri"] == "https://notify.example.com/bigcommerce/auth")
    }

    @Test(arguments: [(400, AppLoginError.Kind.refused), (401, .refused), (429, .unavailable), (503, .unavailable)])
    func anUnsuccessfulAnswerIsTyped(status: Int, kind: AppLoginError.Kind) async {
        let transport = StubTransport(
            status: status, body: #"{"error": "invalid_grant", "error_description": "The code was already used"}"#)
        do {
            _ = try await exchange(transport)
            Issue.record("HTTP \(status) was taken as a grant")
        } catch {
            #expect(error.kind == kind)
            #expect(!error.message.contains("code-1") && !error.message.contains(Self.credentials.clientSecret))
        }
    }

    @Test func aGrantForAnotherStoreThanTheCallbacksIsRefused() async {
        do {
            _ = try await exchange(StubTransport(status: 200, body: Self.grant), context: "stores/def456")
            Issue.record("a grant of stores/abc123 was taken for stores/def456")
        } catch {
            #expect(error.kind == .malformedAnswer && error.message.contains("another store"))
        }
    }

    @Test(arguments: [
        #"{"scope": "s", "user": {"id": 1}}"#, #"{"access_token": "", "user": {"id": 1}}"#,
        #"{"access_token": "t", "context": "stores/abc123"}"#, #"{"access_token": "t", "user": {"id": 1}}"#,
        "not json",
    ])
    func anAnswerThatIsNotAGrantIsRefused(body: String) async {
        do {
            _ = try await exchange(StubTransport(status: 200, body: body))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.kind == .malformedAnswer)
        }
    }

    @Test func aLoginServiceThatCannotBeReachedIsUnavailable() async {
        do {
            _ = try await exchange(StubTransport(failure: HTTPTransportError(kind: .connection, detail: "refused")))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .unavailable)
        }
    }
}
