import HTTPTypes
import Hummingbird
import JSONCore
import NotifierRPC

/// The web console: its files at `/` and `/console/…`, and the session endpoints at `/console/session`
/// (`GET`: whether a token is required and whether this browser is signed in; `POST {"token"}`: sign in;
/// `DELETE`: sign out). The console drives nothing but `/rpc`.
struct ConsoleRoutes: Sendable {
    let assets = ConsoleAssetTable()
    let sessions: ConsoleSessions
    let token: String?
    /// Whether the front is reached over HTTPS (its public URL is https): the cookie is then `Secure`.
    let secureCookie: Bool
    let security: FrontSecurity

    /// Headers of every console answer: the strictest Content-Security-Policy the console works with (its own
    /// files only, no inline script or style, no frames), no sniffing, no referrer.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    func register(on router: Router<FrontRequestContext>) {
        router.get("/") { _, _ in try serve("/") }
        router.get("/console/:file") { request, _ in try serve(request.uri.path) }
        router.get("/console/session") { request, _ in
            struct State: Encodable {
                let tokenRequired: Bool
                let signedIn: Bool
            }
            return try JSONAnswer.make(
                State(tokenRequired: token != nil, signedIn: await isSignedIn(request)), headers: Self.securityHeaders)
        }
        router.post("/console/session") { request, context in try await signIn(request, context: context) }
        router.delete("/console/session") { request, _ in
            if let id = request.cookies[ConsoleSessions.cookieName]?.value { await sessions.remove(id) }
            var response = Response(status: .noContent, headers: Self.securityHeaders)
            response.setCookie(cookie(value: "", maxAge: 0))
            return response
        }
    }

    /// Whether the request carries a live session's cookie.
    func isSignedIn(_ request: Request) async -> Bool {
        guard let id = request.cookies[ConsoleSessions.cookieName]?.value, id.count == 64 else { return false }
        return await sessions.isValid(id)
    }

    private func serve(_ path: String) throws -> Response {
        guard let asset = assets.assets[path] else {
            throw HTTPFailure(.notFound, "notFound", "the console has no file \(path.prefix(80))")
        }
        var headers = Self.securityHeaders
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }

    private func signIn(_ request: Request, context: FrontRequestContext) async throws -> Response {
        guard security.isSameOrigin(request) else {
            await security.refusals.record(
                "console sign-in from another origin", address: security.clientAddress(request, context),
                reason: "Origin \(request.header("Origin")?.prefix(80) ?? "?") is not the console's")
            throw HTTPFailure(
                .forbidden, "crossOrigin", "sign in from the console's own page: this request comes from another origin"
            )
        }
        try request.requireContentType("application/json")
        let body = try await request.collectBody(limit: 4096)
        guard let given = (try? JSONParser.parse(body.readableBytesView))?["token"]?.stringValue else {
            throw HTTPFailure(.badRequest, "badRequest", "give {\"token\": \"…\"}: the service's token")
        }
        guard let token else {
            throw HTTPFailure(.badRequest, "noToken", "this service has no token: no sign-in is needed")
        }
        let caller = try await security.check(
            given, against: token, request: request, context: context, what: "wrong token at the console's sign-in",
            wrong: HTTPFailure(.unauthorized, "badToken", "that is not the service's token"))
        guard caller == .operator else {
            // A store's console is opened from the store's control panel, not with a token.
            throw HTTPFailure(.unauthorized, "badToken", "that is not the service's token")
        }
        var response = Response(status: .noContent, headers: Self.securityHeaders)
        response.setCookie(cookie(value: try await sessions.create(), maxAge: 12 * 3600))
        return response
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: ConsoleSessions.cookieName, value: value, maxAge: maxAge, path: "/", secure: secureCookie,
            httpOnly: true, sameSite: .strict)
    }
}
