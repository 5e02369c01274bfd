import Foundation
import HTTPClient
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
        let (settings, check) = try await account.update(credentials(), of: .first)
        #expect(check == .valid(Balance(value: JSONNumber(exactly: "6.4448")!, currency: "EUR")))
        #expect(settings.apiKey == "key")
        #expect(try await account.settings(of: .first).currency == "EUR", "the currency is cached with the settings")
        let balance = try await account.balance(of: .first)
        #expect(balance.display == "EUR 6.4448")
        #expect(transport.count("/account/pricing") == 1, "the currency is cached")
    }

    @Test func refusedCredentialsAreSavedAndReportedInTheGatewaysWords() async throws {
        let account = try service(StubTransport(status: 401, body: #"{"status":1,"err_msg":"Authorization failed"}"#))
        let (settings, check) = try await account.update(credentials(), of: .first)
        guard case .invalid(let error) = check else {
            Issue.record("expected invalid, got \(check)")
            return
        }
        #expect(error.message == "Authorization failed")
        #expect(settings.apiSecret == "secret-secret")
        await #expect(throws: AccountError.gateway(error)) { try await account.balance(of: .first) }
    }

    @Test func anUnreachableGatewayIsNotCalledInvalid() async throws {
        let account = try service(StubTransport(failure: HTTPTransportError(kind: .connection, detail: "refused")))
        let (_, check) = try await account.update(credentials(), of: .first)
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
        let (_, check) = try await account.update(update, of: .first)
        #expect(check == .notConfigured)
        await #expect(throws: AccountError.notConfigured) { try await account.balance(of: .first) }
        #expect(transport.requests.withLock { $0.isEmpty }, "nothing is sent without credentials")
    }

    @Test func anInvalidUpdateSavesNothing() async throws {
        let account = try service(StubTransport(body: Self.balanceBody))
        var update = credentials()
        update.adminCountry = .set("XX")
        await #expect(throws: ValidationError.self) { try await account.update(update, of: .first) }
        #expect(try await account.settings(of: .first).apiKey == nil)
    }

    @Test func aTokenIsPreferredOverKeyAndSecret() async throws {
        let transport = StubTransport(routes: [
            "/account/balance": (200, Self.balanceBody), "/account/pricing": (200, Self.pricingBody),
        ])
        let account = try service(transport)
        var update = credentials()
        update.apiToken = .set("tok-0123456789")
        _ = try await account.update(update, of: .first)
        #expect(transport.lastRequest?.headers.contains { $0.value == "Bearer tok-0123456789" } == true)
        #expect(transport.lastFields["mocean-api-secret"] == nil)
    }
}

/// What the gateway echoes and what the database file keeps: no secret in either.
@Suite struct SecretHygieneTests {
    private func service(_ transport: StubTransport, path: String) throws -> AccountService {
        AccountService(database: try AppDatabase.open(path: path), transport: transport, logger: Logger(label: "test"))
    }

    @Test func aGatewayThatEchoesTheRequestDoesNotLeakTheSecret() async throws {
        // A proxy echoing the form body back in err_msg, URL-encoded, as MoceanAPI's own texts are.
        let echo =
            #"{"status":1,"err_msg":"bad+request%3A+mocean-api-key%3Dkey%26mocean-api-secret%3Dsec%2Fret%22value"}"#
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let account = try service(StubTransport(status: 401, body: echo), path: path)
        var update = AccountUpdate()
        update.apiKey = .set("key")
        update.apiSecret = .set("sec/ret\"value")
        update.gatewayURL = .set("http://127.0.0.1:9")
        let (_, check) = try await account.update(update, of: .first)
        guard case .invalid(let error) = check else {
            Issue.record("expected invalid, got \(check)")
            return
        }
        #expect(!error.message.contains("sec/ret\"value"), "\(error.message)")
        #expect(error.message.contains(SecretRedactor.replacement))
        let tokenEcho = #"{"status":1,"err_msg":"Authorization failed for Bearer tok-3n-abc"}"#
        let tokenAccount = try service(StubTransport(status: 401, body: tokenEcho), path: path + "2")
        var tokenUpdate = AccountUpdate()
        tokenUpdate.apiToken = .set("tok-3n-abc")
        tokenUpdate.gatewayURL = .set("http://127.0.0.1:9")
        let (_, tokenCheck) = try await tokenAccount.update(tokenUpdate, of: .first)
        guard case .invalid(let tokenError) = tokenCheck else {
            Issue.record("expected invalid, got \(tokenCheck)")
            return
        }
        #expect(tokenError.message == "Authorization failed for Bearer [redacted]")
    }

    @Test func aShortSecretBreaksNoAnswer() async throws {
        // A secret of one letter occurs all over a JSON answer; only texts for people are redacted.
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let account = try service(
            StubTransport(routes: [
                "/account/balance": (200, #"{"status":0,"value":6.4448}"#),
                "/account/pricing": (200, #"{"status":0,"destinations":[{"price":0.05,"currency":"EUR"}]}"#),
            ]), path: path)
        var update = AccountUpdate()
        update.apiKey = .set("key")
        update.apiSecret = .set("s")
        update.gatewayURL = .set("http://127.0.0.1:9")
        let (_, check) = try await account.update(update, of: .first)
        #expect(check == .valid(Balance(value: JSONNumber(exactly: "6.4448")!, currency: "EUR")))
    }

    @Test func aRotatedSecretIsLeftInNeitherTheFileNorItsLog() async throws {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let account = try service(StubTransport(status: 401, body: #"{"status":1,"err_msg":"no"}"#), path: path)
        var first = AccountUpdate()
        first.apiKey = .set("key")
        first.apiSecret = .set("OLD-secret-4f2a9c")
        first.gatewayURL = .set("http://127.0.0.1:9")
        _ = try await account.update(first, of: .first)
        var rotate = AccountUpdate()
        rotate.apiSecret = .set("NEW-secret-77b1e0")
        _ = try await account.update(rotate, of: .first)
        var clear = AccountUpdate()
        clear.apiToken = .set("TOKEN-later-cleared-91")
        _ = try await account.update(clear, of: .first)
        clear.apiToken = .clear
        _ = try await account.update(clear, of: .first)
        for file in [path, path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            for gone in ["OLD-secret-4f2a9c", "TOKEN-later-cleared-91"] {
                #expect(bytes.range(of: Data(gone.utf8)) == nil, "\(gone) is still in \(file)")
            }
        }
        let main = FileManager.default.contents(atPath: path) ?? Data()
        let wal = FileManager.default.contents(atPath: path + "-wal") ?? Data()
        #expect(
            main.range(of: Data("NEW-secret-77b1e0".utf8)) != nil
                || wal.range(of: Data("NEW-secret-77b1e0".utf8)) != nil,
            "the check can find a secret that is there")
    }
}
