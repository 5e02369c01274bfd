import Foundation
import JSONCore
import Logging
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

@Suite struct AccountServiceTests {
    static let balanceBody = #"{"status":0,"value":6.4448}"#
    static let pricingBody =
        #"{"status":0,"destinations":[{"country":"Default","operator":"Default","mcc":"Default","mnc":"Default","price":0.0500,"currency":"EUR"}]}"#

    private func service(_ transport: StubTransport) throws -> AccountService {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        return AccountService(
            database: try AppDatabase.open(path: path), transport: transport, logger: Logger(label: "test"))
    }

    private func credentials() -> AccountUpdate {
        var update = AccountUpdate()
        update.apiKey = .set("key")
        update.apiSecret = .set("secret-secret")
        update.gatewayURL = .set("http://127.0.0.1:9")
        return update
    }

    @Test func validCredentialsShowTheBalanceWithItsCurrency() async throws {
        let transport = StubTransport(routes: [
            "/account/balance": (200, Self.balanceBody), "/account/pricing": (200, Self.pricingBody),
        ])
        let account = try service(transport)
        let (settings, check) = try await account.update(credentials())
        #expect(check == .valid(Balance(value: JSONNumber(exactly: "6.4448")!, currency: "EUR")))
        #expect(settings.apiKey == "key")
        #expect(try await account.settings().currency == "EUR", "the currency is cached with the settings")
        let balance = try await account.balance()
        #expect(balance.display == "EUR 6.4448")
        #expect(transport.count("/account/pricing") == 1, "the currency is cached")
    }

    @Test func refusedCredentialsAreSavedAndReportedInTheGatewaysWords() async throws {
        let account = try service(StubTransport(status: 401, body: #"{"status":1,"err_msg":"Authorization failed"}"#))
        let (settings, check) = try await account.update(credentials())
        guard case .invalid(let error) = check else {
            Issue.record("expected invalid, got \(check)")
            return
        }
        #expect(error.message == "Authorization failed")
        #expect(settings.apiSecret == "secret-secret")
        await #expect(throws: AccountError.gateway(error)) { try await account.balance() }
    }

    @Test func anUnreachableGatewayIsNotCalledInvalid() async throws {
        let account = try service(StubTransport(failure: HTTPTransportError(kind: .connection, detail: "refused")))
        let (_, check) = try await account.update(credentials())
        guard case .unreachable(let error) = check else {
            Issue.record("expected unreachable, got \(check)")
            return
        }
        #expect(error.isTransient)
    }

    @Test func incompleteCredentialsAreNotConfigured() async throws {
        let transport = StubTransport(body: Self.balanceBody)
        let account = try service(transport)
        var update = AccountUpdate()
        update.apiKey = .set("key-only")
        let (_, check) = try await account.update(update)
        #expect(check == .notConfigured)
        await #expect(throws: AccountError.notConfigured) { try await account.balance() }
        #expect(transport.requests.withLock { $0.isEmpty }, "nothing is sent without credentials")
    }

    @Test func anInvalidUpdateSavesNothing() async throws {
        let account = try service(StubTransport(body: Self.balanceBody))
        var update = credentials()
        update.adminCountry = .set("XX")
        await #expect(throws: ValidationError.self) { try await account.update(update) }
        #expect(try await account.settings().apiKey == nil)
    }

    @Test func aTokenIsPreferredOverKeyAndSecret() async throws {
        let transport = StubTransport(routes: [
            "/account/balance": (200, Self.balanceBody), "/account/pricing": (200, Self.pricingBody),
        ])
        let account = try service(transport)
        var update = credentials()
        update.apiToken = .set("tok-0123456789")
        _ = try await account.update(update)
        #expect(transport.lastRequest?.headers.contains { $0.value == "Bearer tok-0123456789" } == true)
        #expect(transport.lastFields["mocean-api-secret"] == nil)
    }
}
