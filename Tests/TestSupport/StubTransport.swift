import Foundation
import HTTPClient
import MoceanAPI
import Synchronization

/// Answers every request with a canned response and records what was asked.
public final class StubTransport: HTTPTransport {
    public let requests = Mutex<[HTTPRequest]>([])
    private let answer: @Sendable (HTTPRequest) throws -> HTTPResponse

    /// Answers every request with `status` and `body`.
    public init(status: Int = 200, body: String) {
        answer = { _ in HTTPResponse(status: status, body: Array(body.utf8)) }
    }

    /// Fails every request with `failure`.
    public init(failure: HTTPTransportError) {
        answer = { _ in throw failure }
    }

    /// Answers each request as `answer` says (a script of answers, say).
    public init(answer: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.answer = answer
    }

    /// Answers by path: the first route whose key the URL contains (e.g. `/account/balance`).
    public init(routes: [String: (status: Int, body: String)]) {
        answer = { request in
            guard let route = routes.first(where: { request.url.contains($0.key) })?.value else {
                return HTTPResponse(status: 404, body: Array(#"{"status":34,"err_msg":"Unknown request"}"#.utf8))
            }
            return HTTPResponse(status: route.status, body: Array(route.body.utf8))
        }
    }

    public func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        return try answer(request)
    }

    public var lastRequest: HTTPRequest? { requests.withLock { $0.last } }

    /// How many requests went to URLs containing `path`.
    public func count(_ path: String) -> Int { requests.withLock { $0.filter { $0.url.contains(path) }.count } }

    /// The last request's form fields (body for POST, query for GET), decoded.
    public var lastFields: [String: String] {
        guard let request = lastRequest else { return [:] }
        let encoded =
            request.method == .post
            ? String(decoding: request.body, as: UTF8.self)
            : String(request.url.split(separator: "?", maxSplits: 1).last ?? "")
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[decode(parts[0])] = decode(parts.count > 1 ? parts[1] : "")
        }
        return fields
    }

    private func decode(_ text: String) -> String {
        (text.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? text
    }
}
