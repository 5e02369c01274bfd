import Foundation
import Hummingbird

/// Each store's webhook registrations, `/stores/{hash}/v3/hooks[/{id}]`, behind the store's gate like its other
/// resources: list, create, show, update (re-enable with `"is_active": true`) and delete, each of the hooks of
/// the store the path names only.
extension SandboxRouter {
    func addHookRoutes(to router: Router<SandboxRequestContext>) {
        let hooks = "/stores/{hash}/v3/hooks"
        router.route(
            RouterPath(hooks),
            [
                (.get, gated { await listHooks(of: $1) }),
                (.post, gated { await createHook($0, of: $1) }),
            ]
        ) { request, _ in await stores.unknownResource(request) }
        router.route(
            RouterPath(hooks + "/{id}"),
            [
                (.get, gated { await showHook($0, of: $1) }),
                (.put, gated { await updateHook($0, of: $1) }),
                (.delete, gated { await deleteHook($0, of: $1) }),
            ]
        ) { request, _ in await stores.unknownResource(request) }
    }

    /// `{"data":[...],"meta":{}}`.
    private func listHooks(of store: StoreAccess) async -> SandboxResponse {
        let hooks = await store.webhooks.all
        return Self.envelope(.array(hooks.map { $0.wireValue(storeHash: store.hash, clientId: store.clientId) }))
    }

    /// Registers a hook of the store from the body's fields.
    private func createHook(_ request: SandboxRequest, of store: StoreAccess) async -> SandboxResponse {
        do throws(StoreInputError) {
            let hook = try await store.webhooks.create(WebhookChanges.parse(request.body), now: Self.now)
            logger.info("hook \(hook.id) of store \(store.hash) registered for \(hook.scope.rawValue)")
            return Self.envelope(hook.wireValue(storeHash: store.hash, clientId: store.clientId))
        } catch {
            return error.response
        }
    }

    /// One hook of the store, or BigCommerce's 404.
    private func showHook(_ request: SandboxRequest, of store: StoreAccess) async -> SandboxResponse {
        guard let id = request.integer("id"), let hook = await store.webhooks.hook(id) else {
            return StoreGate.notFound
        }
        return Self.envelope(hook.wireValue(storeHash: store.hash, clientId: store.clientId))
    }

    /// Changes the fields the body gives of one hook of the store.
    private func updateHook(_ request: SandboxRequest, of store: StoreAccess) async -> SandboxResponse {
        guard let id = request.integer("id") else { return StoreGate.notFound }
        do throws(StoreInputError) {
            let changes = try WebhookChanges.parse(request.body)
            guard let hook = try await store.webhooks.update(id, changes, now: Self.now) else {
                return StoreGate.notFound
            }
            return Self.envelope(hook.wireValue(storeHash: store.hash, clientId: store.clientId))
        } catch {
            return error.response
        }
    }

    /// Removes one hook of the store; answers it as it was.
    private func deleteHook(_ request: SandboxRequest, of store: StoreAccess) async -> SandboxResponse {
        guard let id = request.integer("id"), let hook = await store.webhooks.delete(id) else {
            return StoreGate.notFound
        }
        return Self.envelope(hook.wireValue(storeHash: store.hash, clientId: store.clientId))
    }

    /// BigCommerce's v3 answer: `{"data": ..., "meta": {}}`.
    private static func envelope(_ data: WireValue) -> SandboxResponse {
        .wire(.object([("data", data), ("meta", .object([]))]), status: 200)
    }

    /// Unix seconds.
    static var now: Int { Int(Date().timeIntervalSince1970) }
}
