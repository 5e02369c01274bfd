import Hummingbird

/// The stores' resources at their v2 and v3 paths, each behind the gate of the store its path names.
extension SandboxRouter {
    func addStoreRoutes(to router: Router<SandboxRequestContext>) {
        let catalog = catalog
        let prefix = "/stores/{hash}"
        resource(router, prefix + "/v2/store") { _, store in catalog.storeSettings(hash: store.hash, name: store.name) }
        resource(router, prefix + "/v2/orders/{order}") { request, store in
            guard let id = request.integer("order") else { return nil }
            if let order = catalog.order(id) { return order }
            return await store.webhooks.createdOrderCustomer(id).map { catalog.order(id, customer: $0) }
        }
        resource(router, prefix + "/v2/orders/{order}/shipments/{shipment}") { request, _ in
            guard let order = request.integer("order"), let shipment = request.integer("shipment") else { return nil }
            return catalog.shipment(order: order, id: shipment)
        }
        resource(router, prefix + "/v2/orders/{order}/messages") { request, _ in
            let id = Int(request.query["min_id"] ?? "") ?? 1
            return request.integer("order").flatMap { catalog.message(order: $0, id: id) }
        }
        resource(router, prefix + "/v3/orders/payment_actions/refunds/{refund}") { request, _ in
            request.integer("refund").flatMap(catalog.refund)
        }
        resource(router, prefix + "/v3/carts/{cart}") { request, _ in
            request.routeParameters["cart"].flatMap(catalog.cart)
        }
        resource(router, prefix + "/v3/checkouts/{checkout}") { request, _ in
            request.routeParameters["checkout"].flatMap(catalog.checkout)
        }
        router.route(
            RouterPath(prefix + "/v3/customers"),
            [(.get, gated { request, _ in .wire(catalog.customers(page: request.query), status: 200) })]
        ) { request, _ in
            await stores.unknownResource(request)
        }
    }

    /// `GET path`, answering what `find` finds for the store let through, or BigCommerce's 404; other methods
    /// answer as unknown paths.
    private func resource(
        _ router: Router<SandboxRequestContext>, _ path: String,
        find: @escaping @Sendable (SandboxRequest, StoreAccess) async -> WireValue?
    ) {
        router.route(
            RouterPath(path),
            [
                (
                    .get,
                    gated { request, store in
                        await find(request, store).map { .wire($0, status: 200) } ?? StoreGate.notFound
                    }
                )
            ]
        ) { request, _ in await stores.unknownResource(request) }
    }

    /// `answer` behind the gate of the store the path names, with the quota headers added to what it answers.
    func gated(_ answer: @escaping @Sendable (SandboxRequest, StoreAccess) async -> SandboxResponse) -> SandboxHandler {
        { request in
            switch await stores.admit(request) {
            case .refused(let response):
                return response
            case .admitted(let store, let headers):
                var response = await answer(request, store)
                response.headers += headers
                return response
            }
        }
    }
}

extension SandboxRequest {
    /// The route's capture `name` as a whole number.
    func integer(_ name: String) -> Int? {
        routeParameters[name].flatMap { Int($0) }
    }
}
