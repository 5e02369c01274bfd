import HTTPClient
import JSONCore
import Logging
import TestSupport
import Testing

@testable import MoceanAPI

@Suite struct MoceanClientTests {
    private func client(
        _ transport: StubTransport,
        credentials: MoceanConfiguration.Credentials = .keyAndSecret(key: "k1", secret: "s3cr3t")
    ) -> MoceanClient {
        MoceanClient(
            configuration: MoceanConfiguration(baseURL: "http://127.0.0.1:9/", credentials: credentials),
            transport: transport, logger: Logger(label: "test"))
    }

    @Test func sendsEveryParameterFormEncoded() async throws {
        let transport = StubTransport(
            status: 202,
            body:
                #"{"messages":[{"status":0,"receiver":"60123456789","msgid":"CPASS_restapi_C0000002737000000.0001"}]}"#)
        let message = SMSMessage(
            from: "MyShop", to: ["60123456789", "60123456666"], text: "Order #12 & more", coding: .ucs2,
            deliveryReportURL: "http://127.0.0.1:8/dlr", validitySeconds: 3600, flash: true)
        let receipts = try await client(transport).send(message)
        #expect(
            receipts == [SMSReceipt(receiver: "60123456789", outcome: .success("CPASS_restapi_C0000002737000000.0001"))]
        )
        let request = try #require(transport.lastRequest)
        #expect(request.method == .post && request.url == "http://127.0.0.1:9/rest/2/sms")
        #expect(
            request.headers.contains { $0.name == "Content-Type" && $0.value == "application/x-www-form-urlencoded" })
        #expect(
            transport.lastFields == [
                "mocean-from": "MyShop", "mocean-to": "60123456789,60123456666", "mocean-text": "Order #12 & more",
                "mocean-coding": "3", "mocean-charset": "UTF-8", "mocean-dlr-mask": "1",
                "mocean-dlr-url": "http://127.0.0.1:8/dlr", "mocean-validity": "3600", "mocean-mclass": "1",
                "mocean-alt-dcs": "1", "mocean-resp-format": "json", "mocean-medium": "mocean-notify",
                "mocean-api-key": "k1", "mocean-api-secret": "s3cr3t",
            ])
    }

    @Test func aTokenGoesInTheHeaderAndNoKeyOrSecretIsSent() async throws {
        let transport = StubTransport(body: #"{"status":0,"value":100.0000}"#)
        _ = try await client(transport, credentials: .token("tok-123")).balance()
        let request = try #require(transport.lastRequest)
        #expect(request.method == .get)
        #expect(request.url.hasPrefix("http://127.0.0.1:9/rest/2/account/balance?"))
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer tok-123" })
        #expect(transport.lastFields["mocean-api-key"] == nil && transport.lastFields["mocean-api-secret"] == nil)
        #expect(transport.lastFields["mocean-resp-format"] == "json")
    }

    @Test(arguments: [#"{"status":0,"value":100.0000}"#, #"{"status":"0","value":"100.0000"}"#])
    func keepsTheBalanceExactly(_ body: String) async throws {
        let balance = try await client(StubTransport(body: body)).balance()
        #expect(balance.literal == "100.0000")
    }

    @Test func decodesAReceiverRefusedAmongAccepted() async throws {
        let body =
            #"{"messages":[{"status":"0","receiver":"60123456789","msgid":"M1"},{"status":28,"receiver":"0123","err_msg":"Invalid+destination"}]}"#
        let receipts = try await client(StubTransport(status: 202, body: body)).send(
            SMSMessage(from: "S", to: ["60123456789", "0123"], text: "t"))
        #expect(receipts[0].outcome == .success("M1"))
        let failure = MoceanError(kind: .invalidDestination, message: "Invalid destination", gatewayStatus: 28)
        #expect(receipts[1] == SMSReceipt(receiver: "0123", outcome: .failure(failure)))
        #expect(!failure.isTransient)
    }

    @Test func anErrorAnswerBecomesATypedErrorWithTheGatewaysWords() async throws {
        let transport = StubTransport(status: 401, body: #"{"status":"1","err_msg":"Authorization+failed"}"#)
        let error = await #expect(throws: MoceanError.self) { try await client(transport).balance() }
        #expect(
            error
                == MoceanError(kind: .authorization, message: "Authorization failed", gatewayStatus: 1, httpStatus: 401)
        )
    }

    @Test(arguments: [
        (429, "", MoceanError.Kind.throttled, true), (503, "Service Unavailable", .gatewayDown, true),
        (400, #"{"status":32,"err_msg":"Throttled"}"#, .throttled, true),
        (500, #"{"status":45,"err_msg":"System error"}"#, .gatewayDown, true),
        (400, #"{"status":2,"err_msg":"Insufficient balance"}"#, .insufficientBalance, false),
        (400, #"{"status":24,"err_msg":"Unknown error"}"#, .rejected, false),
        (400, #"{"status":43,"err_msg":"Flooding detected"}"#, .throttled, true),
        (503, #"{"status":40,"err_msg":"Down for maintenance"}"#, .gatewayDown, true),
        (200, "<html>proxy</html>", .malformedResponse, false),
    ])
    func classifiesFailuresAsTransientOrFinal(status: Int, body: String, kind: MoceanError.Kind, transient: Bool) async
    {
        let error = await #expect(throws: MoceanError.self) {
            try await client(StubTransport(status: status, body: body)).balance()
        }
        #expect(error?.kind == kind)
        #expect(error?.isTransient == transient)
    }

    @Test(arguments: [
        (HTTPTransportError.Kind.timeout, MoceanError.Kind.timeout), (.connection, .network), (.tls, .tls),
    ])
    func classifiesTransportFailures(transport: HTTPTransportError.Kind, expected: MoceanError.Kind) async {
        let stub = StubTransport(failure: HTTPTransportError(kind: transport, detail: "x"))
        let error = await #expect(throws: MoceanError.self) { try await client(stub).balance() }
        #expect(error?.kind == expected)
    }

    @Test func readsPricingWithItsCurrencyAndEncodedNames() async throws {
        let body =
            #"{"status":0,"destinations":[{"country":"Default","operator":"Default","mcc":"Default","mnc":"Default","price":1.0000,"currency":"MYR"},{"country":"United+States","operator":"Default","mcc":310,"mnc":"13,19","price":"0.0500","currency":"MYR"}]}"#
        let rows = try await client(StubTransport(body: body)).pricing()
        #expect(rows.count == 2)
        #expect(
            rows[0]
                == PriceRow(
                    country: "Default", network: "Default", mcc: "Default", mnc: "Default", price: "1.0000",
                    currency: "MYR"))
        #expect(
            rows[1].country == "United States" && rows[1].mcc == "310" && rows[1].mnc == "13,19"
                && rows[1].price == "0.0500")
    }

    @Test func readsAMessageStatus() async throws {
        let body = #"{"status":0,"message_status":5,"msgid":"M1","credit_deducted":0.0000}"#
        let transport = StubTransport(body: body)
        let status = try await client(transport).messageStatus(messageID: "M1")
        #expect(status == MessageStatus(messageID: "M1", state: .notFound, rawState: 5, creditDeducted: "0.0000"))
        #expect(transport.lastFields["mocean-msgid"] == "M1")
    }

    @Test func anErrorNeverQuotesABodyThatIsNotMoceanAPIs() async {
        let echo = StubTransport(status: 400, body: "POST /rest/2/sms mocean-api-secret=s3cr3t")
        let error = await #expect(throws: MoceanError.self) { try await client(echo).balance() }
        #expect(error?.message.contains("s3cr3t") == false)
    }

    @Test func requestsAndCredentialsDescribeThemselvesWithoutSecrets() {
        let request = HTTPRequest(
            method: .get, url: "https://rest.moceanapi.com/rest/2/account/balance?mocean-api-secret=s3cr3t",
            headers: [("Authorization", "Bearer tok")])
        #expect(request.description == "GET /rest/2/account/balance")
        #expect(
            "\(MoceanConfiguration.Credentials.keyAndSecret(key: "k", secret: "s3cr3t"))" == "key k with its secret")
        #expect(!"\(MoceanConfiguration.Credentials.token("tok-9"))".contains("tok-9"))
    }

    @Test func everyKindIsEitherTransientOrFinalAsDocumented() {
        let transient = MoceanError.Kind.allCases.filter { MoceanError(kind: $0, message: "").isTransient }
        #expect(Set(transient) == [.throttled, .gatewayDown, .network, .timeout])
    }
}
