import Foundation
import Logging
import MoceanSandbox
import ServiceLifecycle
import TestSupport

/// A sandbox running in process on a free loopback port, with helpers that speak to it over real sockets.
struct Sandbox: Sendable {
    static let apiKey = "test-key"
    static let apiSecret = "test-secret"
    static let apiToken = "test-token"

    let port: Int
    let server: SandboxServer
    let group: ServiceGroup

    /// The settings the tests start from: both credential forms, a fixed seed, a short delivery delay.
    static func configuration(
        balance: Double = 6.4448, currency: String = "EUR", price: Double = 0.05,
        faults: FaultSettings = FaultSettings(), deliveryDelay: Int = 50, seed: UInt64 = 7
    ) -> SandboxConfiguration {
        SandboxConfiguration(
            credentials: .init(apiKey: apiKey, apiSecret: apiSecret, apiToken: apiToken), balance: balance,
            currency: currency, pricePerPart: price, faults: faults, deliveryReportDelayMilliseconds: deliveryDelay,
            seed: seed)
    }

    /// Runs a sandbox for the length of `body`, then shuts it down gracefully; it logs errors only, unless
    /// given a logger of its own.
    static func run(
        _ configuration: SandboxConfiguration = configuration(), logger sandboxLogger: Logger? = nil,
        _ body: @Sendable (Sandbox) async throws -> Void
    ) async throws {
        var logger = Logger(label: "sandbox-test")
        logger.logLevel = .error
        let bound = AsyncStream.makeStream(of: Int.self)
        let server = SandboxServer(configuration: configuration, logger: sandboxLogger ?? logger) { port in
            bound.continuation.yield(port)
            bound.continuation.finish()
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [server], gracefulShutdownSignals: [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(2)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = bound.stream.makeAsyncIterator()
            guard let port = await ports.next() else { throw ProcessFailure("the sandbox never listened") }
            do {
                try await body(Sandbox(port: port, server: server, group: group))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Starts a graceful shutdown, as SIGTERM would.
    func shutDown() async {
        await group.triggerGracefulShutdown()
    }

    /// One request on a fresh connection, closed after the answer.
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> HTTPTestConnection.Response {
        let connection = try HTTPTestConnection(port: port)
        guard
            let response = try await connection.send(
                method, target, headers: headers + [("Connection", "close")], body: body)
        else { throw ProcessFailure("\(method) \(target): the connection closed without an answer") }
        return response
    }

    /// The key and secret parameters, and JSON answers unless `json` is false.
    static func credentials(json: Bool = true) -> [(String, String)] {
        [("mocean-api-key", apiKey), ("mocean-api-secret", apiSecret)]
            + (json ? [("mocean-resp-format", "json")] : [])
    }

    /// `POST /rest/2/sms` with `fields` and the key and secret.
    func sendSMS(_ fields: [(String, String)]) async throws -> HTTPTestConnection.Response {
        try await request(
            "POST", "/rest/2/sms", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: encodeForm(Self.credentials() + fields))
    }

    /// A GET of a MoceanAPI endpoint with `fields` and the key and secret in the query string.
    func get(_ path: String, _ fields: [(String, String)] = []) async throws -> HTTPTestConnection.Response {
        try await request("GET", path + "?" + encodeForm(Self.credentials() + fields))
    }

    /// The balance endpoint's value.
    func balance() async throws -> Double? {
        try await get("/rest/2/account/balance").json()["value"]?.numberValue
    }

    /// `GET /sandbox/messages`.
    func messages() async throws -> TestJSON {
        try await request("GET", "/sandbox/messages").json()
    }
}
