import Hummingbird
import JSONRPC
import Notifier
import NotifierRPC

/// `POST /rpc`: JSON-RPC 2.0 over HTTP, one request or a batch per POST, answered by the same dispatcher and
/// methods as stdio and TCP. With a token configured, every POST must carry `Authorization: Bearer TOKEN`;
/// each POST is a session of its own (server notifications have no way back and are dropped). Without a
/// token (a loopback address only), the `Host` must name this machine (against DNS rebinding), and the
/// `Content-Type` must be `application/json`, which a page of another origin cannot send without a CORS
/// preflight that the front never grants.
struct RPCRoute: Sendable {
    let dispatcher: RPCDispatcher
    let token: String?
    let maximumBodyBytes: Int
    /// The console's sign-ins, which stand for the token when the request also says it is the console's
    /// (`X-Console: 1`, a header no page of another origin can send without a preflight) and comes from the
    /// front's own origin.
    let console: ConsoleRoutes
    let security: FrontSecurity
    /// The stores, which page sessions are checked against.
    let directory: StoreDirectory

    /// Server-to-client messages of an HTTP session: there is no way back, so they are dropped.
    private struct NoWayBack: RPCOutbound {
        func send(_ message: [UInt8]) async throws {}
    }

    func handle(_ request: Request, context: FrontRequestContext) async throws -> Response {
        let caller = try await caller(of: request, context: context)
        try request.requireContentType("application/json")
        let body = try await request.collectBody(limit: maximumBodyBytes)
        let session = RPCSession(label: "http", requiresAuthentication: false, outbound: NoWayBack())
        session.setPrincipal(caller)
        guard let answer = await dispatcher.handle(line: body.readableBytesView, session: session) else {
            // Notifications only: nothing to answer.
            return Response(status: .noContent)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: answer)))
    }

    /// Who makes `request`: a console page session's store, the operator (the service's token, the console's
    /// sign-in, or any caller on this machine when no token is set) or a store token's store.
    ///
    /// - Throws: ``HTTPFailure`` 401 or 403 saying why the request is refused.
    func caller(of request: Request, context: FrontRequestContext) async throws -> Caller {
        var caller = Caller.operator
        if let page = try await pageSessionCaller(request, context: context) {
            caller = page
        } else if let token {
            caller = try await authorize(request, context: context, token: token)
        } else if !LoopbackHost.accepts(request.head.authority)
            || ["Forwarded", "X-Forwarded-For", "X-Real-IP"].contains(where: { request.header($0) != nil })
        {
            throw HTTPFailure(
                .forbidden, "notLoopback",
                "without a token the service answers /rpc only to requests made on this machine (Host: 127.0.0.1, "
                    + "localhost or [::1], and no proxy's forwarding headers); start it with a token to serve others")
        }
        return caller
    }

    /// Lets the request through with the console's session (from the console's own pages), the service's
    /// token or a store token; wrong tokens are limited and logged by ``FrontSecurity``. The caller it proves.
    private func authorize(_ request: Request, context: FrontRequestContext, token: String) async throws -> Caller {
        if request.header("X-Console") == "1", security.isSameOrigin(request), await console.isSignedIn(request) {
            return .operator
        }
        var failure = HTTPFailure(
            .unauthorized, "unauthorized", "give the service's token as Authorization: Bearer TOKEN")
        failure.headers[.wwwAuthenticate] = "Bearer"
        guard let bearer = Self.bearerToken(request.headers[.authorization]) else {
            await security.refusals.record(
                "request without a token on /rpc", address: security.clientAddress(request, context),
                reason: failure.message)
            throw failure
        }
        return try await security.check(
            bearer, against: token, request: request, context: context, what: "wrong token on /rpc", wrong: failure)
    }

    /// The caller of a console opened from a store's control panel: its page session's token as the bearer,
    /// from the console's own origin. Nil when the bearer is not a page session's token.
    ///
    /// - Throws: 401 for a page session's token that has ended, or that comes from elsewhere than the console.
    private func pageSessionCaller(_ request: Request, context: FrontRequestContext) async throws -> Caller? {
        guard let bearer = Self.bearerToken(request.headers[.authorization]),
            bearer.hasPrefix(ConsoleSessions.pageTokenPrefix)
        else { return nil }
        if request.header("X-Console") == "1", security.isSameOrigin(request),
            let session = await console.sessions.pageSession(bearer)
        {
            // Only while the store is still installed by the same install: an uninstall or an erasure on any
            // instance, or a new install of the same store id, ends it.
            let route = try await directory.route(session.store)
            if let route, route.state == .active, route.installedAt == session.installedAt {
                return .store(session.store)
            }
            await console.sessions.remove(bearer)
        }
        let failure = HTTPFailure(
            .unauthorized, "sessionEnded",
            "this console's session has ended: open the app again from the store's control panel")
        await security.refusals.record(
            "ended or foreign console session on /rpc", address: security.clientAddress(request, context),
            reason: failure.message)
        throw failure
    }

    /// The token of an `Authorization: Bearer TOKEN` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
