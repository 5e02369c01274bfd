import BigCommerceAPI
import Foundation
import HTTPTypes
import Hummingbird
import Notifier
import NotifierRPC

/// The BigCommerce app's callbacks: `GET /bigcommerce/auth` (the single-click install), `/bigcommerce/load`
/// (the app opened in the store's control panel), `/bigcommerce/uninstall` and `/bigcommerce/remove_user`.
///
/// Install and load answer the console's page for that store and user, with a page session in it
/// (``ConsoleSessions``); a refusal answers a page that says what to do, and nothing an attacker could use.
/// Uninstall and remove_user are BigCommerce's server-to-server calls and answer JSON. Every refusal is
/// logged (bounded, by ``RefusalLog``) with its reason but never the code or the signed payload, and counts
/// against the client address's allowance (``CredentialGuard``): a client that keeps presenting refused codes
/// or payloads is held back, and cannot make the service ask BigCommerce's login service without end.
struct AppRoutes: Sendable {
    let installer: AppInstaller
    let directory: StoreDirectory
    let console: ConsoleRoutes
    let security: FrontSecurity
    let refusalAllowance: CredentialGuard
    /// The front's public URL (`--public-url`), when it has one.
    let publicURL: String?
    /// Where the store's webhooks are registered to point, and the header they carry back.
    let webhookURL: String?
    let webhookHeader: (name: String, value: String)

    static let authPath = "/bigcommerce/auth"

    func register(on router: Router<FrontRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.authPath)) { request, context in
            try await guarded(request, context: context) { try await install(request) }
        }
        router.get("/bigcommerce/load") { request, context in
            try await guarded(request, context: context) { try await load(request) }
        }
        router.get("/bigcommerce/uninstall") { request, context in
            try await guarded(request, context: context) { try await uninstall(request) }
        }
        router.get("/bigcommerce/remove_user") { request, context in
            try await guarded(request, context: context) { try await removeUser(request) }
        }
    }

    /// A refused callback: what the page (or JSON) answers, and why, for the log.
    private struct Refused: Error {
        let error: AppFlowError
        let callback: String
        let response: Response
    }

    /// Runs `handle` within the client address's allowance of refused callbacks.
    private func guarded(
        _ request: Request, context: FrontRequestContext, _ handle: () async throws -> Response
    ) async throws -> Response {
        let address = security.clientAddress(request, context)
        let verdict = await refusalAllowance.admit(address)
        switch verdict {
        case .refuse(let wait):
            let seconds = max(1, Int(wait.components.seconds) + 1)
            var failure = HTTPFailure(
                .tooManyRequests, "tooManyAttempts",
                "too many refused requests from this address lately: try again in \(seconds) s")
            failure.headers[.retryAfter] = String(seconds)
            throw failure
        case .checkSlowly:
            try? await Task.sleep(for: CredentialGuard.slowCheckDelay)
        case .check:
            break
        }
        do {
            let response = try await handle()
            await refusalAllowance.finish(address, verdict: verdict, rightCredential: true)
            return response
        } catch let refused as Refused {
            await refusalAllowance.finish(address, verdict: verdict, rightCredential: false)
            await security.refusals.record(
                "BigCommerce \(refused.callback) callback", address: address, reason: refused.error.logMessage)
            return refused.response
        } catch {
            await refusalAllowance.finish(address, verdict: verdict, rightCredential: false)
            throw error
        }
    }

    private func install(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let callback = AppInstaller.AuthCallback(
            code: query["code"].map(String.init) ?? "", scope: query["scope"].map(String.init) ?? "",
            context: query["context"].map(String.init) ?? "", accountUUID: query["account_uuid"].map(String.init))
        let page: (store: StoreID, installedAt: Date, user: Int64, notice: String?)
        do throws(AppFlowError) {
            guard let base = baseURL(request) else {
                throw AppFlowError(
                    .notConfigured,
                    log: "an install arrived for \(callback.context.prefix(80)) but the service has no --public-url")
            }
            let target = AppInstaller.HookTarget(
                destination: webhookURL ?? base + StoreService.webhookPath, header: webhookHeader)
            let installed = try await installer.install(callback, redirectURI: base + Self.authPath, hooks: target)
            var notice: String?
            if case .failed = installed.hooks {
                notice =
                    "Installed, but the store's webhooks could not be registered yet, so no event SMS are sent: "
                    + "the service's operator can register them again (store.registerWebhooks)."
            }
            page = (installed.store, installed.installedAt, installed.user.id, notice)
        } catch {
            throw await refusedPage(error, callback: "install", storeHash: AppContext.storeHash(callback.context))
        }
        return try await storePage(
            store: page.store, installedAt: page.installedAt, user: page.user, notice: page.notice)
    }

    private func load(_ request: Request) async throws -> Response {
        let opened: AppInstaller.Callback
        do {
            opened = try await installer.load(signedPayload(request))
        } catch {
            throw await refusedPage(error, callback: "load", storeHash: nil)
        }
        return try await storePage(
            store: opened.store, installedAt: opened.installedAt, user: opened.payload.user.id, notice: nil)
    }

    private func uninstall(_ request: Request) async throws -> Response {
        let done: StoreDirectory.Uninstalled
        do {
            done = try await installer.uninstall(signedPayload(request))
        } catch {
            throw refusedCall(error, callback: "uninstall")
        }
        await console.sessions.end(store: done.store)
        struct Answer: Encodable {
            let uninstalled: Bool
            let cancelledMessages: Int
        }
        return try JSONAnswer.make(Answer(uninstalled: true, cancelledMessages: done.cancelledMessages))
    }

    private func removeUser(_ request: Request) async throws -> Response {
        let removed: AppInstaller.Callback
        do {
            removed = try await installer.removeUser(signedPayload(request))
        } catch {
            throw refusedCall(error, callback: "remove_user")
        }
        let ended = await console.sessions.end(store: removed.store, user: removed.payload.user.id)
        struct Answer: Encodable {
            let removed: Bool
            let sessionsEnded: Int
        }
        return try JSONAnswer.make(Answer(removed: true, sessionsEnded: ended))
    }

    /// The `signed_payload_jwt` of the query, if any.
    private func signedPayload(_ request: Request) -> String? {
        request.uri.queryParameters["signed_payload_jwt"].map(String.init)
    }

    /// The console's page for `user` of `store`, with a new page session bound to the store's current install.
    private func storePage(store: StoreID, installedAt: Date, user: Int64, notice: String?) async throws -> Response {
        let token = try await console.sessions.createPage(store: store, installedAt: installedAt, user: user)
        let record = try? await directory.store(store)
        let label = record?.storeName ?? record?.storeHash.map { "stores/\($0)" } ?? "store \(store.rawValue)"
        return console.storePage(
            session: token, storeLabel: label, notice: notice,
            frameAncestors: await frameAncestors(storeHash: record?.storeHash))
    }

    /// The origins that may frame the app's pages: the store's control panel, BigCommerce's, and a local
    /// stand-in's login service.
    private func frameAncestors(storeHash: String?) async -> [String] {
        let app = try? await directory.appSettings()
        return ConsoleRoutes.controlPanelOrigins(storeHash: storeHash, loginURL: app?.loginURL)
    }

    /// The page of a refused install or load, framed like the app's pages.
    private func refusedPage(_ error: AppFlowError, callback: String, storeHash: String?) async -> Refused {
        let page = console.messagePage(
            status: Self.status(of: error), title: "The app could not be opened", message: error.publicMessage,
            frameAncestors: await frameAncestors(storeHash: storeHash))
        return Refused(error: error, callback: callback, response: page)
    }

    /// The JSON answer of a refused server-to-server callback.
    private func refusedCall(_ error: AppFlowError, callback: String) -> Refused {
        Refused(
            error: error, callback: callback,
            response: HTTPFailure(Self.status(of: error), "refused", error.publicMessage).response)
    }

    /// The HTTP status of a refusal: the service's own trouble 503, a malformed request 400, a refused
    /// credential 401.
    private static func status(of error: AppFlowError) -> HTTPResponse.Status {
        switch error.kind {
        case .notConfigured, .loginUnavailable: .serviceUnavailable
        case .badRequest: .badRequest
        case .codeRefused, .payloadRefused, .unknownStore: .unauthorized
        }
    }

    /// The front's address as BigCommerce knows it: the public URL; without one, `http://` + the request's host
    /// when that is this machine (a local stand-in's install), else nil: the install cannot be taken.
    private func baseURL(_ request: Request) -> String? {
        if let publicURL {
            var base = Substring(publicURL)
            while base.hasSuffix("/") { base = base.dropLast() }
            return String(base)
        }
        guard let authority = request.head.authority, LoopbackHost.accepts(authority) else { return nil }
        return "http://" + authority
    }
}
