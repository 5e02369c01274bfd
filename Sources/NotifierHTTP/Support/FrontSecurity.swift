import Foundation
import HTTPTypes
import Hummingbird
import NotifierRPC

/// What the front's routes share to hold unauthenticated clients back: the service's guessing limits and
/// bounded refusal log (shared with TCP's `session.authenticate`), how to tell the client's address, and the
/// console's own origin.
struct FrontSecurity: Sendable {
    let tokenCheck: TokenCheck
    /// The header a proxy on this machine puts the client's address in, if one is configured.
    let clientAddressHeader: String?
    /// The origin browsers use when the front is reached through its public URL (`https://notify.example.com`),
    /// besides `http://` + the address a request is made to.
    let publicOrigin: String?

    /// How long a wrong credential waits for its answer.
    static let failureDelay: Duration = .milliseconds(250)

    var refusals: RefusalLog { tokenCheck.refusals }

    /// The address of the client of `request`.
    func clientAddress(_ request: Request, _ context: FrontRequestContext) -> String {
        request.clientAddress(context, header: clientAddressHeader)
    }

    /// Checks `given` against `expected` (and the store tokens) for `request`, within the guessing limits;
    /// the caller it proves.
    ///
    /// - Parameter what: the refusal's name in the log, e.g. `wrong token on /rpc`.
    /// - Throws: 429 with `Retry-After` while the client's address has guessed too often (or everyone has, and
    ///   too many slow checks are waiting), without checking; `wrong` after a short delay when the credential
    ///   is not right.
    @discardableResult
    func check(
        _ given: String, against expected: String, request: Request, context: FrontRequestContext, what: String,
        wrong: @autoclosure () -> HTTPFailure
    ) async throws -> Caller {
        switch await tokenCheck.check(given, against: expected, from: clientAddress(request, context), what: what) {
        case .right(let caller):
            return caller
        case .wrong:
            try await Task.sleep(for: Self.failureDelay)
            throw wrong()
        case .refused(let wait):
            let seconds = max(1, Int(wait.components.seconds) + 1)
            var failure = HTTPFailure(
                .tooManyRequests, "tooManyAttempts",
                "too many wrong credentials from this address lately: try again in \(seconds) s")
            failure.headers[.retryAfter] = String(seconds)
            throw failure
        }
    }

    /// Whether a browser says the request comes from the front's own pages: `Origin`, when given, is exactly
    /// the front's origin (scheme, host and port: `http://` + the address the request is made to, or the
    /// public URL's origin), and `Sec-Fetch-Site`, when given, is `same-origin`.
    func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.header("Sec-Fetch-Site"), site != "same-origin" { return false }
        guard let origin = request.header("Origin")?.lowercased() else { return true }
        if let publicOrigin, origin == publicOrigin { return true }
        guard let authority = request.head.authority?.lowercased() else { return false }
        return origin == "http://" + authority
    }

    /// The origin of `url` (`https://host[:port]`, lowercased, without the default port), nil when it has none.
    static func origin(of url: String?) -> String? {
        guard let url, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        let port = components.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)\(port)"
    }
}
