import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TestSupport

/// A small Hummingbird server on a free loopback port standing in for the service's BigCommerce app: its auth
/// callback exchanges the code with the sandbox's login service before answering, as an app must; its
/// uninstall and remove_user callbacks keep the signed payload they were given.
struct AppStandIn: Sendable {
    static let clientId = "app-client-id"
    /// 64 bytes: JWTKit asserts that an HMAC key is at least as long as its hash (SHA-512's included).
    static let clientSecret = "app-client-s3cret-" + String(repeating: "0123456789", count: 4) + "abcdef"

    /// One callback received.
    struct Callback: Sendable {
        /// `auth`, `load`, `uninstall` or `remove_user`.
        var name: String
        /// The query's parameters, decoded.
        var query: [String: String]
    }

    /// What the app stand-in received, and what its exchanges got.
    actor Log {
        private(set) var callbacks: [Callback] = []
        /// The answer of each exchange, in turn.
        private(set) var exchanges: [HTTPTestConnection.Response] = []
        /// The app's auth callback URL, the exchanges' `redirect_uri`.
        private(set) var redirectURI = ""

        /// Sets the `redirect_uri` of the exchanges, once the stand-in knows its port.
        func setRedirectURI(_ uri: String) {
            redirectURI = uri
        }

        /// Keeps a callback received.
        func record(_ callback: Callback) {
            callbacks.append(callback)
        }

        /// Keeps the answer of an exchange.
        func record(exchange: HTTPTestConnection.Response) {
            exchanges.append(exchange)
        }

        /// The callbacks named `name`.
        func callbacks(named name: String) -> [Callback] {
            callbacks.filter { $0.name == name }
        }

        /// The access token of the latest exchange that issued one.
        var latestToken: String? {
            exchanges.reversed().lazy.compactMap { try? $0.json()["access_token"]?.stringValue }.first
        }
    }

    let port: Int
    let log: Log

    /// `http://127.0.0.1:PORT`, the app's base URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs an app stand-in for the length of `body`, whose auth callback exchanges each code with the
    /// sandbox listening on `sandboxPort` (unless `exchanging` is false, when it only keeps the code).
    static func run(
        sandboxPort: Int, exchanging: Bool = true, _ body: @Sendable (AppStandIn) async throws -> Void
    ) async throws {
        var logger = Logger(label: "app-stand-in")
        logger.logLevel = .error
        let log = Log()
        let router = Router()
        router.get("/bigcommerce/auth") { request, _ -> Response in
            let query = Self.query(request)
            await log.record(Callback(name: "auth", query: query))
            guard exchanging else { return Self.html("<p>Code kept.</p>") }
            let exchange = try await Self.exchange(query, redirectURI: await log.redirectURI, port: sandboxPort)
            await log.record(exchange: exchange)
            guard exchange.status == 200 else {
                return Self.html("<p>Refused: \(exchange.text)</p>", status: .badGateway)
            }
            return Self.html("<p>Installed on \(query["context"] ?? "")</p>")
        }
        for name in ["load", "uninstall", "remove_user"] {
            router.get("/bigcommerce/\(name)") { request, _ -> Response in
                await log.record(Callback(name: name, query: Self.query(request)))
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
            }
        }
        let bound = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                bound.continuation.yield(channel.localAddress?.port ?? 0)
                bound.continuation.finish()
            }, logger: logger)
        let group = ServiceGroup(services: [application], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = bound.stream.makeAsyncIterator()
            guard let port = await ports.next() else { throw ProcessFailure("the app stand-in never listened") }
            let app = AppStandIn(port: port, log: log)
            await log.setRedirectURI(app.baseURL + "/bigcommerce/auth")
            do {
                try await body(app)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Registers this app with `sandbox` under the stand-in's client id and secret.
    func register(with sandbox: Sandbox) async throws {
        let registered = try await sandbox.request(
            "POST", "/sandbox/apps",
            body:
                #"{"clientId": "\#(Self.clientId)", "clientSecret": "\#(Self.clientSecret)", "appUrl": "\#(baseURL)"}"#
        )
        guard registered.status == 200 else { throw ProcessFailure("registering the app: \(registered.text)") }
    }

    /// The exchange an app makes: `POST /oauth2/token` with the callback's code, context and scope.
    static func exchange(
        _ query: [String: String], redirectURI: String, port: Int
    ) async throws -> HTTPTestConnection.Response {
        let fields: [String: String] = [
            "client_id": clientId, "client_secret": clientSecret, "code": query["code"] ?? "",
            "context": query["context"] ?? "", "scope": query["scope"] ?? "", "grant_type": "authorization_code",
            "redirect_uri": redirectURI,
        ]
        let body = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        let connection = try HTTPTestConnection(port: port)
        guard
            let answer = try await connection.send(
                "POST", "/oauth2/token", headers: [("Content-Type", "application/json"), ("Connection", "close")],
                body: body)
        else { throw ProcessFailure("the login service closed the connection unanswered") }
        return answer
    }

    /// The request's query parameters, decoded.
    private static func query(_ request: Request) -> [String: String] {
        decodeForm(request.uri.query ?? "")
    }

    /// An HTML answer.
    private static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
