import Foundation
import Glibc
import JSONRPC

/// The built service and the gateway sandbox as child processes, spoken to over real sockets: the service's
/// JSON-RPC over TCP, the sandbox's HTTP.
public actor ServiceUnderTest {
    public private(set) var service: ServerProcess
    public nonisolated let sandbox: ServerProcess
    public private(set) var servicePort: Int
    public nonisolated let sandboxPort: Int
    public nonisolated let databasePath: String
    private var client: RawSocket
    private var nextID = 0

    /// Starts a sandbox (with `sandboxArguments`, e.g. faults) and a service over a database in `folder` (or
    /// `database`, a PostgreSQL URL), and points the service's account at the sandbox (sender `MyShop`).
    public init(
        folder: URL, database: String? = nil, sandboxArguments: [String] = [], serviceArguments: [String] = []
    ) async throws {
        databasePath = database ?? folder.appendingPathComponent("db.sqlite").path
        sandbox = try ServerProcess(
            ["sandbox", "--port", "0", "--api-key", "e2e-key", "--api-secret", "e2e-secret-0001"] + sandboxArguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        sandboxPort = try await sandbox.listeningPort()
        service = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--database", databasePath] + serviceArguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        servicePort = try await service.listeningPort()
        client = try RawSocket(port: servicePort, timeout: 60)
        let account = try await call(
            "account.set",
            [
                "apiKey": "e2e-key", "apiSecret": "e2e-secret-0001", "sender": "MyShop",
                "gatewayUrl": .string("http://127.0.0.1:\(sandboxPort)"),
            ])
        guard account["result"]?["credentials"]?["status"] == "valid" else {
            throw ProcessFailure("the sandbox did not take the credentials: \(account)")
        }
    }

    /// Calls `method` and returns the whole answer (skipping server notifications, kept in `notifications`).
    @discardableResult
    public func call(_ method: String, _ params: JSONValue = [:]) async throws -> JSONValue {
        nextID += 1
        let id = nextID
        let request: JSONValue = [
            "jsonrpc": "2.0", "method": .string(method), "params": params, "id": .number(JSONNumber(id)),
        ]
        try await client.write(request.description + "\n")
        while let answer = try await client.readJSON() {
            if answer["id"] == .number(JSONNumber(id)) { return answer }
            notifications.append(answer)
        }
        throw ProcessFailure("the service closed the connection")
    }

    /// Notifications the service sent on the connection, oldest first.
    public private(set) var notifications: [JSONValue] = []

    /// Reads what the service sends next on the connection (a notification, say).
    public func nextMessage() async throws -> JSONValue? {
        try await client.readJSON()
    }

    /// Calls until `condition` holds of the answer's result (at most `seconds`).
    public func waitFor(
        _ method: String, _ params: JSONValue = [:], seconds: Double = 30, until condition: (JSONValue) -> Bool
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last: JSONValue = .null
        while ContinuousClock.now < deadline {
            last = try await call(method, params)["result"] ?? .null
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessFailure("\(method) never answered as expected; last: \(last)")
    }

    /// An HTTP exchange with the sandbox: the status and the body parsed as JSON.
    public func sandboxRequest(_ method: String, _ path: String, body: String = "") async throws -> (Int, JSONValue) {
        try await Self.httpRequest(port: sandboxPort, method, path, body: body)
    }

    /// An HTTP/1.1 exchange on a fresh connection to `port` on loopback: the status and the body parsed as JSON.
    public static func httpRequest(
        port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: String = ""
    ) async throws -> (Int, JSONValue) {
        let socket = try RawSocket(port: port)
        defer { socket.close() }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "content-type" }), !body.isEmpty {
            request += "Content-Type: application/json\r\n"
        }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if !body.isEmpty { request += "Content-Length: \(body.utf8.count)\r\n" }
        try await socket.write(request + "\r\n" + body)
        let text = String(decoding: try await socket.readToEnd(), as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ProcessFailure("not an HTTP answer: \(text)") }
        let status = text[..<split.lowerBound].split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let json = (try? JSONParser.parse(Array(text[split.upperBound...].utf8))) ?? .null
        return (status, json)
    }

    /// What the sandbox accepted, oldest first.
    public func sandboxMessages() async throws -> [JSONValue] {
        try await sandboxRequest("GET", "/sandbox/messages").1.arrayValue ?? []
    }

    /// Kills the service with SIGKILL (no chance to clean up), then starts it again on the same database and
    /// reconnects.
    public func killAndRestartService(serviceArguments: [String] = []) async throws {
        client.close()
        kill(service.process.processIdentifier, SIGKILL)
        _ = await service.waitForExit()
        service = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--database", databasePath] + serviceArguments,
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        servicePort = try await service.listeningPort()
        client = try RawSocket(port: servicePort, timeout: 60)
    }

    /// Stops both processes.
    public func stop() async -> (service: Int32, sandbox: Int32) {
        client.close()
        service.terminate()
        sandbox.terminate()
        return (await service.waitForExit(), await sandbox.waitForExit())
    }
}
