import Foundation
import HTTPTypes
import Hummingbird

/// What the front's routes share to hold unauthenticated clients back: the credential guessing limits, the
/// bounded log of refusals, and the console's own origin.
struct FrontSecurity: Sendable {
    let credentials: CredentialGuard
    let refusals: RefusalLog
    /// The origin browsers use when the front is reached through its public URL (`https://notify.example.com`),
    /// besides `http://` + the address a request is made to.
    let publicOrigin: String?

    /// How long a wrong credential waits for its answer.
    static let failureDelay: Duration = .milliseconds(250)

    /// Checks `given` against `expected` for `request`, within the guessing limits.
    ///
    /// - Parameter what: the refusal's name in the log, e.g. `wrong token on /rpc`.
    /// - Throws: 429 with `Retry-After` while the client (or everyone) has guessed too often, without checking;
    ///   `wrong` after a short delay when the credential is not right.
    func check(
        _ given: String, against expected: String, request: Request, context: FrontRequestContext, what: String,
        wrong: @autoclosure () -> HTTPFailure
    ) async throws {
        let address = request.clientAddress(context)
        if case .limited(let wait) = await credentials.admit(address) {
            await refusals.record("\(what) (limited)", address: address, reason: "too many wrong credentials")
            let seconds = max(1, Int(min(wait.seconds, 86_400).rounded(.up)))
            var failure = HTTPFailure(
                .tooManyRequests, "tooManyAttempts",
                "too many wrong credentials from this address or from everywhere: try again in \(seconds) s")
            failure.headers[.retryAfter] = String(seconds)
            throw failure
        }
        guard SecretComparison.equal(given, expected) else {
            await credentials.failed(address)
            await refusals.record(what, address: address, reason: "the credential given is not the service's token")
            try await Task.sleep(for: Self.failureDelay)
            throw wrong()
        }
        await credentials.succeeded(address)
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
