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
/// logged (bounded, by ``RefusalLog``) with its reason but never the code or the signed payload.
struct AppRoutes: Sendable {
    let installer: AppInstaller
    let directory: StoreDirectory
    let console: ConsoleRoutes
    let security: FrontSecurity
    /// The front's public URL (`--public-url`), when it has one.
    let publicURL: String?
    /// Where the store's webhooks are registered to point, and the header they carry back.
    let webhookURL: String?
    let webhookHeader: (name: String, value: String)

    static let authPath = "/bigcommerce/auth"

    func register(on router: Router<FrontRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.authPath)) { request, context in
            await install(request, context: context)
        }
        router.get("/bigcommerce/load") { request, context in await load(request, context: context) }
        router.get("/bigcommerce/uninstall") { request, context in try await uninstall(request, context: context) }
        router.get("/bigcommerce/remove_user") { request, context in try await removeUser(request, context: context) }
    }

    private func install(_ request: Request, context: FrontRequestContext) async -> Response {
        let query = request.uri.queryParameters
        let callback = AppInstaller.AuthCallback(
            code: query["code"].map(String.init) ?? "", scope: query["scope"].map(String.init) ?? "",
            context: query["context"].map(String.init) ?? "", accountUUID: query["account_uuid"].map(String.init))
        let base = baseURL(request)
        let target = AppInstaller.HookTarget(
            destination: webhookURL ?? base + StoreService.webhookPath, header: webhookHeader)
        do {
            let installed = try await installer.install(callback, redirectURI: base + Self.authPath, hooks: target)
            var notice: String?
            if case .failed = installed.hooks {
                notice =
                    "Installed, but the store's webhooks could not be registered yet, so no event SMS are sent: "
                    + "the service's operator can register them again (store.registerWebhooks)."
            }
            return await storePage(store: installed.store, user: installed.user.id, notice: notice)
        } catch {
            return await refusal(error, request: request, context: context, callback: "install")
        }
    }

    private func load(_ request: Request, context: FrontRequestContext) async -> Response {
        do {
            let (store, payload) = try await installer.load(signedPayload(request))
            return await storePage(store: store, user: payload.user.id, notice: nil)
        } catch {
            return await refusal(error, request: request, context: context, callback: "load")
        }
    }

    private func uninstall(_ request: Request, context: FrontRequestContext) async throws -> Response {
        let done: StoreDirectory.Uninstalled
        do {
            done = try await installer.uninstall(signedPayload(request))
        } catch {
            throw await refusedCall(error, request: request, context: context, callback: "uninstall")
        }
        await console.sessions.end(store: done.store)
        struct Answer: Encodable {
            let uninstalled: Bool
            let cancelledMessages: Int
        }
        return try JSONAnswer.make(Answer(uninstalled: true, cancelledMessages: done.cancelledMessages))
    }

    private func removeUser(_ request: Request, context: FrontRequestContext) async throws -> Response {
        let removed: (store: StoreID, user: AppUser)
        do {
            removed = try await installer.removeUser(signedPayload(request))
        } catch {
            throw await refusedCall(error, request: request, context: context, callback: "remove_user")
        }
        let ended = await console.sessions.end(store: removed.store, user: removed.user.id)
        struct Answer: Encodable {
            let removed: Bool
            let sessionsEnded: Int
        }
        return try JSONAnswer.make(Answer(removed: true, sessionsEnded: ended))
    }

    /// The answer to a refused server-to-server callback, logged.
    private func refusedCall(
        _ error: AppFlowError, request: Request, context: FrontRequestContext, callback: String
    ) async -> HTTPFailure {
        await log(error, request: request, context: context, callback: callback)
        return HTTPFailure(
            error.kind == .notConfigured || error.kind == .loginUnavailable ? .serviceUnavailable : .unauthorized,
            "refused", error.publicMessage)
    }

    /// The `signed_payload_jwt` of the query.
    private func signedPayload(_ request: Request) throws(AppFlowError) -> String {
        guard let token = request.uri.queryParameters["signed_payload_jwt"], !token.isEmpty else {
            throw AppFlowError(.badRequest, log: "a callback without signed_payload_jwt")
        }
        return String(token)
    }

    /// The console's page for `user` of `store`, with a new page session.
    private func storePage(store: StoreID, user: Int64, notice: String?) async -> Response {
        let token = await console.sessions.createPage(store: store, user: user)
        let record = try? await directory.store(store)
        let label = record?.storeName ?? record?.storeHash.map { "stores/\($0)" } ?? "store \(store.rawValue)"
        let app = try? await directory.appSettings()
        return console.storePage(
            session: token, storeLabel: label, notice: notice,
            frameAncestors: ConsoleRoutes.controlPanelOrigins(storeHash: record?.storeHash, loginURL: app?.loginURL))
    }

    private func refusal(
        _ error: AppFlowError, request: Request, context: FrontRequestContext, callback: String
    ) async -> Response {
        await log(error, request: request, context: context, callback: callback)
        let status: HTTPResponse.Status =
            switch error.kind {
            case .notConfigured, .loginUnavailable: .serviceUnavailable
            case .badRequest: .badRequest
            case .codeRefused, .payloadRefused, .unknownStore: .unauthorized
            }
        return console.messagePage(status: status, title: "The app could not be opened", message: error.publicMessage)
    }

    private func log(_ error: AppFlowError, request: Request, context: FrontRequestContext, callback: String) async {
        await security.refusals.record(
            "BigCommerce \(callback) callback", address: security.clientAddress(request, context),
            reason: error.logMessage)
    }

    /// The front's address as the browser used it: the public URL, else `http://` + the request's host.
    private func baseURL(_ request: Request) -> String {
        if let publicURL {
            var base = Substring(publicURL)
            while base.hasSuffix("/") { base = base.dropLast() }
            return String(base)
        }
        return "http://" + (request.head.authority ?? "127.0.0.1")
    }
}
