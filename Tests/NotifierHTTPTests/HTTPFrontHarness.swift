import Crypto
import Foundation
import GRDB
import HTTPClient
import JSONRPC
import Logging
import Notifier
import NotifierHTTP
import NotifierRPC
import NotifierServer
import ServiceLifecycle
import Synchronization
import TestSupport

/// The whole service in this process with only its HTTP front listening on a free loopback port, over a fresh
/// database file, spoken to with the project's HTTP client over real sockets.
struct HTTPFrontHarness: Sendable {
    let port: Int
    let services: NotifierServices
    let secrets: EndpointSecrets
    let client: CurlHTTPClient

    /// The store app's client secret the tests sign with.
    static let clientSecret = "test-client-secret-0123456789"

    /// Runs `body` against a started service, then stops it.
    ///
    /// - Parameters:
    ///   - clock: the front's clock (a ``ManualClock``'s to move time by hand).
    ///   - log: where the service logs, to check what reaches the log.
    static func with(
        token: String? = nil, maximumBodyBytes: Int = 1 << 20, gateway: any HTTPTransport = StubTransport(body: "{}"),
        publicURL: String? = nil, clock: ServiceClock = .continuous, log: CapturingLogHandler? = nil,
        clientAddressHeader: String? = "X-Forwarded-For",
        _ body: (HTTPFrontHarness) async throws -> Void
    ) async throws {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let database = try AppDatabase.open(path: path)
        var configuration = ServeConfiguration(databasePath: path, stdio: false, tcp: nil, token: token)
        configuration.http = .init(host: "127.0.0.1", port: 0)
        configuration.httpMaximumBodyBytes = maximumBodyBytes
        configuration.publicURL = publicURL
        configuration.clock = clock
        configuration.httpClientAddressHeader = clientAddressHeader
        configuration = try await NotifierApplication.prepare(configuration, database: database)
        configuration.services.statusCheckAfter = nil
        let logger =
            log.map { handler in Logger(label: "http-front-test") { _ in handler } }
            ?? Logger(label: "http-front-test")
        let services = NotifierApplication.buildServices(
            database: database, http: gateway, configuration: configuration, logger: logger)
        let bound = AsyncStream.makeStream(of: Int.self)
        let (group, _) = NotifierApplication.buildServiceGroup(
            services: services, configuration: configuration, logger: logger,
            onHTTPBound: { bound.continuation.yield($0) })
        let running = Task { try await group.run() }
        let client = CurlHTTPClient()
        defer {
            running.cancel()
            client.shutdown()
        }
        var ports = bound.stream.makeAsyncIterator()
        guard let port = await ports.next() else { throw ProcessFailure("the HTTP front never listened") }
        _ = try await services.store.update(
            {
                var update = StoreUpdate()
                update.clientSecret = .set(clientSecret)
                return update
            }(), of: .first)
        guard let secrets = configuration.services.endpointSecrets else {
            throw ProcessFailure("the endpoints' secrets were not prepared")
        }
        try await body(HTTPFrontHarness(port: port, services: services, secrets: secrets, client: client))
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// One exchange with the front.
    func request(
        _ method: HTTPRequest.Method, _ path: String, headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPResponse {
        try await client.perform(
            HTTPRequest(
                method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body,
                timeout: .seconds(30)))
    }

    /// A store event's webhook body.
    static func webhookBody(hash: String, orderID: Int = 250, producer: String = "stores/abc123") -> [UInt8] {
        Array(
            #"{"scope":"store/order/created","store_id":"1025646","data":{"type":"order","id":\#(orderID)},"hash":"\#(hash)","created_at":\#(Int(Date().timeIntervalSince1970)),"producer":"\#(producer)"}"#
                .utf8)
    }

    /// The Standard Webhooks headers signing `body` with `secret` at `timestamp`.
    static func signedHeaders(
        _ body: [UInt8], secret: String = clientSecret, id: String = "msg_\(UUID().uuidString)",
        timestamp: Int = Int(Date().timeIntervalSince1970)
    ) -> [(name: String, value: String)] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        mac.update(data: Array("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        let signature = "v1," + Data(mac.finalize()).base64EncodedString()
        return [
            ("Content-Type", "application/json"), ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature),
        ]
    }

    /// The number of stored events.
    func eventCount() async throws -> Int {
        try await services.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
    }
}

/// A clock for the front that stands still until a test moves it, however long the test takes.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    /// The front's clock reading this one.
    var serviceClock: ServiceClock { ServiceClock { self.start + self.offset.withLock { $0 } } }

    /// Moves the clock `duration` ahead.
    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}

extension HTTPResponse {
    /// The body parsed as JSON.
    var json: JSONValue? { try? JSONParser.parse(body) }
}
