import Foundation
import JSONRPC
import TestSupport
import Testing

/// The service and the sandbox as two processes: JSON-RPC over a pipe on one side, real HTTP between them.
@Suite(.timeLimit(.minutes(2))) struct AccountEndToEndTests {
    static let secret = "e2e-secret-0123456789"

    private func startSandbox(_ extra: [String] = []) async throws -> (ServerProcess, String) {
        let sandbox = try ServerProcess(
            [
                "sandbox", "--api-key", "shop-key", "--api-secret", Self.secret, "--balance", "6.4448", "--currency",
                "EUR",
                "--log-level", "debug",
            ] + extra)
        return (sandbox, "http://127.0.0.1:\(try await sandbox.listeningPort())")
    }

    private func call(_ service: ServerProcess, _ method: String, _ params: JSONValue, id: Int) async throws
        -> JSONValue
    {
        try service.write(
            RPCMessages.request(method: method, params: params, id: .number(JSONNumber(id))).description + "\n")
        let line = try #require(await service.stdout.next(seconds: 20))
        return try JSONParser.parse(Array(line.utf8))
    }

    @Test func theQuickStartWorksAndNoLogShowsTheSecret() async throws {
        let (sandbox, gatewayURL) = try await startSandbox()
        let folder = try Fixtures.temporaryFolder()
        let service = try ServerProcess(
            ["serve", "--database", folder.appendingPathComponent("db.sqlite").path, "--log-level", "trace"])

        let set = try await call(
            service, "account.set",
            [
                "apiKey": "shop-key", "apiSecret": .string(Self.secret), "sender": "MyShop",
                "gatewayUrl": .string(gatewayURL),
            ],
            id: 1)
        #expect(set["result"]?["credentials"]?["status"] == "valid", "\(set)")
        #expect(set["result"]?["credentials"]?["balance"]?["display"] == "EUR 6.4448")

        let balance = try await call(service, "account.balance", [:], id: 2)
        #expect(balance["result"] == ["value": 6.4448, "currency": "EUR", "display": "EUR 6.4448"])

        let wrong = try await call(service, "account.set", ["apiSecret": "not-the-secret"], id: 3)
        #expect(wrong["result"]?["credentials"] == ["status": "invalid", "message": "Authorization failed"])

        let account = try await call(service, "account.get", [:], id: 4)
        #expect(account["result"]?["apiSecret"] == ["set": true, "last4": "cret"])

        try service.closeInput()
        #expect(await service.waitForExit() == 0)
        sandbox.terminate()
        #expect(await sandbox.waitForExit() == 0)
        let logs = (service.stderr.all + sandbox.stderr.all).joined(separator: "\n")
        #expect(!logs.isEmpty)
        #expect(!logs.contains(Self.secret) && !logs.contains("not-the-secret"), "a log line shows a secret")
        #expect(!service.stdout.all.joined().contains(Self.secret))
    }

    @Test func anUnreachableGatewayIsReportedAsSuch() async throws {
        let folder = try Fixtures.temporaryFolder()
        let service = try ServerProcess(["serve", "--database", folder.appendingPathComponent("db.sqlite").path])
        let set = try await call(
            service, "account.set", ["apiToken": "tok-abc", "gatewayUrl": "http://127.0.0.1:1"], id: 1)
        #expect(set["result"]?["credentials"]?["status"] == "unreachable", "\(set)")
        let balance = try await call(service, "account.balance", [:], id: 2)
        #expect(balance["error"]?["code"] == 1003)
        try service.closeInput()
        #expect(await service.waitForExit() == 0)
    }

    @Test func settingsSurviveARestart() async throws {
        let (sandbox, gatewayURL) = try await startSandbox()
        let database = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let first = try ServerProcess(["serve", "--database", database])
        _ = try await call(
            first, "account.set",
            ["apiKey": "shop-key", "apiSecret": .string(Self.secret), "gatewayUrl": .string(gatewayURL)], id: 1)
        try first.closeInput()
        #expect(await first.waitForExit() == 0)
        let second = try ServerProcess(["serve", "--database", database])
        let balance = try await call(second, "account.balance", [:], id: 1)
        #expect(balance["result"]?["display"] == "EUR 6.4448")
        try second.closeInput()
        #expect(await second.waitForExit() == 0)
        sandbox.terminate()
        _ = await sandbox.waitForExit()
    }
}
