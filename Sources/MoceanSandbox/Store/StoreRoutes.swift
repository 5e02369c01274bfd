import Hummingbird

/// The store's resources at their v2 and v3 paths, each behind the store's gate.
extension SandboxRouter {
    func addStoreRoutes(to router: Router<SandboxRequestContext>) {
        let catalog = catalog
        let prefix = "/stores/{hash}"
        resource(router, prefix + "/v2/store") { _ in catalog.storeSettings }
        resource(router, prefix + "/v2/orders/{order}") { request in
            guard let id = request.integer("order") else { return nil }
            if let order = catalog.order(id) { return order }
            return await webhooks.createdOrderCustomer(id).map { catalog.order(id, customer: $0) }
        }
        resource(router, prefix + "/v2/orders/{order}/shipments/{shipment}") { request in
            guard let order = request.integer("order"), let shipment = request.integer("shipment") else { return nil }
            return catalog.shipment(order: order, id: shipment)
        }
        resource(router, prefix + "/v2/orders/{order}/messages") { request in
            let id = Int(request.query["min_id"] ?? "") ?? 1
            return request.integer("order").flatMap { catalog.message(order: $0, id: id) }
        }
        resource(router, prefix + "/v3/orders/payment_actions/refunds/{refund}") { request in
            request.integer("refund").flatMap(catalog.refund)
        }
        resource(router, prefix + "/v3/carts/{cart}") { request in
            request.routeParameters["cart"].flatMap(catalog.cart)
        }
        resource(router, prefix + "/v3/checkouts/{checkout}") { request in
            request.routeParameters["checkout"].flatMap(catalog.checkout)
        }
        router.route(
            RouterPath(prefix + "/v3/customers"),
            [(.get, gated { .wire(catalog.customers(page: $0.query), status: 200) })]
        ) { request, _ in
            await store.unknownResource(request)
        }
    }

    /// `GET path`, answering what `find` finds, or BigCommerce's 404; other methods answer as unknown paths.
    private func resource(
        _ router: Router<SandboxRequestContext>, _ path: String,
        find: @escaping @Sendable (SandboxRequest) async -> WireValue?
    ) {
        router.route(
            RouterPath(path),
            [(.get, gated { request in await find(request).map { .wire($0, status: 200) } ?? StoreEndpoints.notFound })]
        ) { request, _ in await store.unknownResource(request) }
    }

    /// `answer` behind the store's gate, with the quota headers added to what it answers.
    func gated(_ answer: @escaping @Sendable (SandboxRequest) async -> SandboxResponse) -> SandboxHandler {
        { request in
            switch await store.admit(request) {
            case .refused(let response):
                return response
            case .admitted(let headers):
                var response = await answer(request)
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
