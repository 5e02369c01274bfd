import Foundation
import Hummingbird

/// The store's webhook registrations, `/stores/{hash}/v3/hooks[/{id}]`, behind the store's gate like its other
/// resources: list, create, show, update (re-enable with `"is_active": true`) and delete.
extension SandboxRouter {
    func addHookRoutes(to router: Router<SandboxRequestContext>) {
        let hooks = "/stores/{hash}/v3/hooks"
        router.route(
            RouterPath(hooks),
            [
                (.get, gated { _ in await listHooks() }),
                (.post, gated { await createHook($0) }),
            ]
        ) { request, _ in await store.unknownResource(request) }
        router.route(
            RouterPath(hooks + "/{id}"),
            [
                (.get, gated { await showHook($0) }),
                (.put, gated { await updateHook($0) }),
                (.delete, gated { await deleteHook($0) }),
            ]
        ) { request, _ in await store.unknownResource(request) }
    }

    /// `{"data":[...],"meta":{}}`.
    private func listHooks() async -> SandboxResponse {
        let hooks = await webhooks.all
        return Self.envelope(.array(hooks.map { $0.wireValue(storeHash: catalog.storeHash) }))
    }

    private func createHook(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(StoreInputError) {
            let hook = try await webhooks.create(WebhookChanges.parse(request.body), now: Self.now)
            logger.info("hook \(hook.id) registered for \(hook.scope.rawValue)")
            return Self.envelope(hook.wireValue(storeHash: catalog.storeHash))
        } catch {
            return error.response
        }
    }

    private func showHook(_ request: SandboxRequest) async -> SandboxResponse {
        guard let id = request.integer("id"), let hook = await webhooks.hook(id) else { return StoreEndpoints.notFound }
        return Self.envelope(hook.wireValue(storeHash: catalog.storeHash))
    }

    private func updateHook(_ request: SandboxRequest) async -> SandboxResponse {
        guard let id = request.integer("id") else { return StoreEndpoints.notFound }
        do throws(StoreInputError) {
            let changes = try WebhookChanges.parse(request.body)
            guard let hook = try await webhooks.update(id, changes, now: Self.now) else {
                return StoreEndpoints.notFound
            }
            return Self.envelope(hook.wireValue(storeHash: catalog.storeHash))
        } catch {
            return error.response
        }
    }

    private func deleteHook(_ request: SandboxRequest) async -> SandboxResponse {
        guard let id = request.integer("id"), let hook = await webhooks.delete(id) else {
            return StoreEndpoints.notFound
        }
        return Self.envelope(hook.wireValue(storeHash: catalog.storeHash))
    }

    /// BigCommerce's v3 answer: `{"data": ..., "meta": {}}`.
    private static func envelope(_ data: WireValue) -> SandboxResponse {
        .wire(.object([("data", data), ("meta", .object([]))]), status: 200)
    }

    /// Unix seconds.
    static var now: Int { Int(Date().timeIntervalSince1970) }
}
