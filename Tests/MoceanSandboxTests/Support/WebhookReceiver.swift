import Crypto
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TestSupport

/// A small Hummingbird server on a free loopback port standing in for a service that receives the store's
/// webhooks at `POST /webhooks`: it records each request and answers with the statuses it is given, in turn
/// (200 once they run out).
struct WebhookReceiver: Sendable {
    /// One request received.
    struct Received: Sendable {
        /// Header names in lower case.
        var headers: [String: String]
        var body: [UInt8]

        /// The body as JSON.
        func json() throws -> TestJSON { try TestJSON.parse(body) }

        /// Whether `webhook-signature` is Standard Webhooks' HMAC-SHA256 of this request under `secret`,
        /// computed here apart from the sandbox's code.
        func isSigned(with secret: String) -> Bool {
            guard let id = headers["webhook-id"], let timestamp = headers["webhook-timestamp"] else { return false }
            var message = Data("\(id).\(timestamp).".utf8)
            message.append(contentsOf: body)
            let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
            return headers["webhook-signature"] == "v1," + Data(code).base64EncodedString()
        }
    }

    /// What the receiver has received, and the statuses still to answer.
    actor Log {
        private(set) var received: [Received] = []
        private var statuses: [Int]
        private var holding = false
        private var held: [CheckedContinuation<Void, Never>] = []

        init(statuses: [Int]) {
            self.statuses = statuses
        }

        /// Records a request and gives the status to answer it with, once answers are no longer held.
        func record(_ request: Received) async -> Int {
            received.append(request)
            let status = statuses.isEmpty ? 200 : statuses.removeFirst()
            if holding { await withCheckedContinuation { held.append($0) } }
            return status
        }

        /// Keeps every answer from now on until ``release()``.
        func holdAnswers() {
            holding = true
        }

        /// Lets the held answers go, and answers at once from now on.
        func release() {
            holding = false
            for continuation in held { continuation.resume() }
            held = []
        }
    }

    let port: Int
    let log: Log

    /// `http://127.0.0.1:PORT/webhooks`, with `query` when given.
    func url(query: String? = nil) -> String {
        "http://127.0.0.1:\(port)/webhooks" + (query.map { "?" + $0 } ?? "")
    }

    /// Waits up to 10 seconds for `count` requests and returns them all.
    func requests(count: Int) async throws -> [Received] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let received = await log.received
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ProcessFailure("the receiver got \(await log.received.count) request(s), not \(count)")
    }

    /// Runs a receiver answering `statuses` in turn for the length of `body`.
    static func run(statuses: [Int] = [], _ body: @Sendable (WebhookReceiver) async throws -> Void) async throws {
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .error
        let log = Log(statuses: statuses)
        let router = Router()
        router.post("/webhooks") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = await log.record(Received(headers: headers, body: Array(buffer.readableBytesView)))
            return Response(status: .init(code: status))
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
            guard let port = await ports.next() else { throw ProcessFailure("the receiver never listened") }
            do {
                try await body(WebhookReceiver(port: port, log: log))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
