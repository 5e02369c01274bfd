/// What every store the sandbox plays sells and to whom: a seeded catalogue of customers (some without a
/// phone), orders (some of guests), shipments, refunds, order messages and carts, answered as BigCommerce's
/// REST API answers them. One catalogue serves every store; none holds a copy.
struct StoreCatalog: Sendable {
    /// How many customers; orders, shipments, refunds and messages follow from them.
    let customerCount: Int

    /// The configured store's name; a store installed through the sandbox is `Sandbox store {hash}`.
    static let name = "Sandbox Shop"

    /// `GET /v2/store` of store `hash` named `name`.
    func storeSettings(hash: String, name: String) -> WireValue {
        .object([
            ("id", .string(hash)), ("name", .string(name)), ("domain", .string("shop.example")),
            ("country_code", .string("MY")), ("timezone", .object([("name", .string("Asia/Kuala_Lumpur"))])),
        ])
    }

    /// `GET /v3/customers?page=N&limit=M`, with BigCommerce's pagination block.
    func customers(page query: FormParameters) -> WireValue {
        let limit = min(250, max(1, Int(query["limit"] ?? "") ?? 50))
        let page = max(1, Int(query["page"] ?? "") ?? 1)
        let totalPages = max(1, (customerCount + limit - 1) / limit)
        // Past the last page (a page number too large to multiply out included) the page is empty.
        let (skipped, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
        let first = overflow ? Int.max : skipped + 1
        let ids = first > customerCount ? [] : Array(first...min(customerCount, first + limit - 1))
        var links: [(String, WireValue)] = [("current", .string("?page=\(page)&limit=\(limit)"))]
        if page < totalPages { links.append(("next", .string("?page=\(page + 1)&limit=\(limit)"))) }
        return .object([
            ("data", .array(ids.compactMap(customer))),
            (
                "meta",
                .object([
                    (
                        "pagination",
                        .object([
                            ("total", .integer(customerCount)), ("count", .integer(ids.count)),
                            ("per_page", .integer(limit)), ("current_page", .integer(page)),
                            ("total_pages", .integer(totalPages)), ("links", .object(links)),
                        ])
                    )
                ])
            ),
        ])
    }

    /// Customer `id` (1-based): every fourth has no phone of their own, every eighth none at all.
    func customer(_ id: Int) -> WireValue? {
        guard id >= 1, id <= customerCount else { return nil }
        let phone = id % 4 == 0 ? "" : Self.phone(for: id)
        let addressPhone = id % 8 == 0 ? "" : Self.phone(for: id)
        return .object([
            ("id", .integer(id)), ("first_name", .string("Customer\(id)")), ("last_name", .string("Tan")),
            ("email", .string("customer\(id)@example.com")), ("phone", .string(phone)),
            (
                "addresses",
                .array([
                    .object([
                        ("id", .integer(id)), ("phone", .string(addressPhone)), ("country_code", .string("MY")),
                    ])
                ])
            ),
        ])
    }

    /// The first order id past the catalogue's: the orders created through the sandbox start there.
    var firstNewOrderId: Int { 100 + max(customerCount, 1) }

    /// Order `id` of the catalogue (100 and up): customer `id - 99`, or a guest (customer 0) for every fifth.
    func order(_ id: Int) -> WireValue? {
        guard id >= 100, id < firstNewOrderId else { return nil }
        return order(id, customer: id % 5 == 0 ? 0 : id - 99)
    }

    /// Order `id` of `customer` (0 for a guest), as `GET /v2/orders/{id}` shows it.
    func order(_ id: Int, customer: Int) -> WireValue {
        .object([
            ("id", .integer(id)), ("customer_id", .integer(customer)), ("status_id", .integer(11)),
            ("status", .string("Awaiting Fulfillment")), ("date_created", .string("Mon, 20 Sep 2021 05:08:09 +0000")),
            ("total_inc_tax", .string("120.5000")), ("currency_code", .string("MYR")),
            ("payment_method", .string("Cash on Delivery")), ("items_total", .integer(2)),
            (
                "billing_address",
                .object([
                    ("first_name", .string(customer == 0 ? "Guest" : "Customer\(customer)")),
                    ("last_name", .string("Tan")), ("phone", .string(Self.phone(for: id))),
                    ("email", .string("order\(id)@example.com")), ("country_iso2", .string("MY")),
                ])
            ),
        ])
    }

    /// Shipment `id` of order `order`: the shipment shares the order's number less 99.
    func shipment(order: Int, id: Int) -> WireValue? {
        guard self.order(order) != nil, id == order - 99 else { return nil }
        return .object([
            ("id", .integer(id)), ("order_id", .integer(order)),
            ("tracking_number", .string("ER\(100_000_000 + id)MY")),
            ("shipping_provider", .string("Pos Malaysia")),
            ("tracking_link", .string("https://tracking.example/ER\(100_000_000 + id)MY")),
            ("date_created", .string("Mon, 20 Sep 2021 05:08:09 +0000")),
            (
                "shipping_address",
                .object([("first_name", .string("Customer")), ("phone", .string(Self.phone(for: order)))])
            ),
        ])
    }

    func refund(_ id: Int) -> WireValue? {
        guard (1...max(customerCount, 1)).contains(id) else { return nil }
        return .object([
            (
                "data",
                .object([
                    ("id", .integer(id)), ("order_id", .integer(99 + id)), ("reason", .string("Damaged item")),
                    ("total_amount", .string("20.50")),
                ])
            )
        ])
    }

    func message(order: Int, id: Int) -> WireValue? {
        guard self.order(order) != nil else { return nil }
        return .array([
            .object([
                ("id", .integer(id)), ("order_id", .integer(order)), ("subject", .string("Delivery")),
                ("message", .string("Please leave the parcel at the door.")), ("type", .string("customer")),
            ])
        ])
    }

    /// Cart `id`: carts whose id ends in an even digit still exist; the others became orders (404).
    func cart(_ id: String) -> WireValue? {
        guard let last = id.last, let digit = last.wholeNumberValue, digit % 2 == 0 else { return nil }
        return .object([
            (
                "data",
                .object([
                    ("id", .string(id)), ("customer_id", .integer(1)), ("cart_amount", .number(80.5)),
                    ("currency", .object([("code", .string("MYR"))])),
                ])
            )
        ])
    }

    func checkout(_ id: String) -> WireValue? {
        guard cart(id) != nil else { return nil }
        return .object([
            (
                "data",
                .object([
                    ("id", .string(id)),
                    (
                        "billing_address",
                        .object([("first_name", .string("Cart")), ("phone", .string(Self.phone(for: 7)))])
                    ),
                ])
            )
        ])
    }

    /// A Malaysian mobile number of the id: `0123` followed by the id's digits.
    static func phone(for id: Int) -> String {
        let digits = String(id)
        return "012-3" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
