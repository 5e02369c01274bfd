/// The SQL that fills a service-made database with a year of SMS history, for `bench/run history`: run by the
/// `sqlite3` command-line tool in one transaction, after the service made the schema (its tables, indexes and
/// the triggers that keep the full-text index). Every value is derived from the row's number, so the same count
/// gives the same rows, byte for byte.
///
/// A store with two admin numbers and 50,000 customers over 2025: about 310 webhook events per count of
/// 1,000,000 rows (orders made, updated and archived, order messages, refunds, shipments made, updated and
/// deleted, abandoned carts), each an SMS to one or both admins and, for most events, one to the customer; and a
/// broadcast every week to a few thousand customers, which fills the rest. Mostly sent and delivered; failed
/// rows with the gateway's words ("Authorization failed" all through the weekend the API key was wrong, a few
/// refused destinations); customers skipped with the service's reasons (no phone number, a landline, not a
/// Malaysian number); a few expired.
enum HistoryRows {
    static let yearStart = 1_735_689_600  // 2025-01-01 00:00:00 UTC
    static let yearSeconds = 31_536_000
    static let customers = 50_000
    static let broadcasts = 52

    static func sql(rows: Int) -> String {
        // Events: each makes 1 + 2/3 + 0.71 SMS on average; broadcasts take the remaining quarter or so.
        let events = max(1, rows * 31 / 100)
        let spacing = Double(yearSeconds) / Double(events)
        // The weekend the API key was wrong: from Friday 14 March 09:00 to Sunday 16 March 21:00 UTC.
        let keyWrongFrom = yearStart + 72 * 86400 + 9 * 3600
        let keyWrongTo = yearStart + 74 * 86400 + 21 * 3600
        // As GRDB stores dates: UTC, milliseconds.
        func date(_ seconds: String) -> String { "strftime('%Y-%m-%d %H:%M:%f', \(seconds), 'unixepoch')" }
        func seedDate(_ seconds: String) -> String { "strftime('%Y-%m-%d %H:%M:%S.000Z', \(seconds), 'unixepoch')" }
        return """
            PRAGMA journal_mode = DELETE;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -400000;
            PRAGMA temp_store = MEMORY;
            BEGIN;
            -- 50,000 Malaysian mobile numbers, each once: 6011 and eight digits, or 6012-6019 and seven.
            CREATE TEMP TABLE phone AS
            SELECT value AS c,
                CASE value % 10 WHEN 8 THEN '6011' || printf('%08d', (value * 7919 + 3141592) % 100000000)
                ELSE (CASE value % 10 WHEN 0 THEN '6012' WHEN 1 THEN '6012' WHEN 2 THEN '6013' WHEN 3 THEN '6014'
                    WHEN 4 THEN '6016' WHEN 5 THEN '6017' WHEN 6 THEN '6017' WHEN 7 THEN '6019' ELSE '6018' END)
                    || printf('%07d', (value * 7919 + 3141592) % 10000000) END AS number
            FROM generate_series(0, \(customers - 1));
            -- The typings found in orders' addresses, or as an admin typed them (numbers 0 and 1).
            CREATE TEMP TABLE contact AS
            SELECT c, number, CASE WHEN c < 2 OR c % 3 = 2 THEN number
                WHEN c % 3 = 0 THEN '+' || substr(number, 1, 2) || ' ' || substr(number, 3, 2) || '-'
                    || substr(number, 5, 3) || ' ' || substr(number, 8)
                ELSE '0' || substr(number, 3, 2) || '-' || substr(number, 5) END AS typed
            FROM phone;
            CREATE UNIQUE INDEX temp.contact_c ON contact(c);

            CREATE TEMP TABLE ev AS
            WITH base AS (
                SELECT value AS e, \(hash("value", 1)) AS h1, \(hash("value", 2)) AS h2, \(hash("value", 3)) AS h3
                FROM generate_series(1, \(events))
            ), scoped AS (
                SELECT e, h1, h2, h3,
                    CASE WHEN h1 % 100 < 22 THEN 'store/order/created' WHEN h1 % 100 < 47 THEN 'store/order/updated'
                        WHEN h1 % 100 < 62 THEN 'store/shipment/created' WHEN h1 % 100 < 72 THEN 'store/shipment/updated'
                        WHEN h1 % 100 < 76 THEN 'store/order/refund/created'
                        WHEN h1 % 100 < 82 THEN 'store/order/message/created'
                        WHEN h1 % 100 < 94 THEN 'store/cart/abandoned' WHEN h1 % 100 < 98 THEN 'store/order/archived'
                        ELSE 'store/shipment/deleted' END AS scope,
                    \(yearStart) + (e - 1) * \(spacing) + (h2 % 60000) / 1000.0 AS t
                FROM base
            ), counted AS (
                SELECT *, sum(scope = 'store/order/created') OVER w AS orders,
                    sum(scope = 'store/shipment/created') OVER w AS shipments,
                    sum(scope = 'store/order/refund/created') OVER w AS refunds,
                    sum(scope = 'store/order/message/created') OVER w AS notes
                FROM scoped WINDOW w AS (ORDER BY e)
            ), numbered AS (
                SELECT *, CASE WHEN scope = 'store/shipment/created' THEN max(1, shipments)
                    WHEN scope LIKE 'store/shipment/%' THEN max(1, shipments - h3 % 200) END AS shipment
                FROM counted
            )
            SELECT e, scope, h1, h2, h3, t, CAST(t AS INTEGER) - 1 - h3 % 3 AS ct, shipment,
                max(1, refunds) AS refund, max(1, notes) AS note,
                CASE WHEN scope = 'store/cart/abandoned' THEN NULL
                    WHEN scope = 'store/order/created' THEN 100 + max(1, orders)
                    WHEN shipment IS NOT NULL THEN 100 + max(1, shipment * 22 / 15 - shipment % 13)
                    ELSE 100 + max(1, orders - h3 % 400) END AS o,
                printf('%08x-%04x-4%03x-%04x-%012x', h1, h2 % 65536, h3 % 4096, 32768 + h1 % 16384,
                    h2 * 65536 + h3 % 65536) AS cart,
                printf('%08x%08x%08x%08x%08x', h1, h2, h3, \(hash("e", 4)), e) AS hook
            FROM numbered;

            INSERT INTO events (id, scope, dedupe_key, store_id, event_id, order_id, payload, resources, created_at,
                received_at, state, processed_at, note)
            SELECT e, scope, hook, '1025646',
                CASE WHEN o IS NULL THEN cart WHEN shipment IS NOT NULL THEN CAST(shipment AS TEXT) ELSE CAST(o AS TEXT) END,
                CAST(o AS TEXT),
                json_object('scope', scope, 'store_id', '1025646', 'data',
                    CASE WHEN o IS NULL THEN json_object('type', 'cart', 'id', cart, 'token', substr(hook, 1, 32))
                        WHEN shipment IS NOT NULL THEN json_object('type', 'shipment', 'id', shipment, 'orderId', o)
                        WHEN scope = 'store/order/refund/created'
                            THEN json_object('type', 'order', 'id', o, 'refund', json_object('refund_id', refund))
                        WHEN scope = 'store/order/message/created'
                            THEN json_object('type', 'order', 'id', o, 'message', json_object('order_message_id', note))
                        ELSE json_object('type', 'order', 'id', o) END,
                    'hash', hook, 'created_at', ct, 'producer', 'stores/abc123'),
                NULL, ct, \(date("t")), 'processed', \(date("t + 0.004")), NULL
            FROM ev;

            -- Each event's SMS: the first admin number always, the second for two events in three, the customer
            -- for the events customers hear of; all made at once when the event is processed.
            CREATE TEMP TABLE em AS
            SELECT e, t + 0.005 AS t, 0 AS k, 'admin' AS audience, 0 AS c FROM ev
            UNION ALL SELECT e, t + 0.005, 1, 'admin', 1 FROM ev WHERE (h2 / 7) % 3 <> 0
            UNION ALL SELECT e, t + 0.005, 2, 'customer', 2 + (coalesce(o, h3) * 7907) % \(customers - 2) FROM ev
                WHERE scope NOT IN ('store/order/updated', 'store/order/archived');

            -- A broadcast every Thursday morning (Malaysian time); together they fill the count exactly.
            CREATE TEMP TABLE bc AS
            WITH w AS (SELECT value AS b, 3 + (value * 7) % 5 AS w FROM generate_series(1, \(broadcasts))),
            c AS (SELECT b, w, sum(w) OVER (ORDER BY b) AS cw, sum(w) OVER () AS tw FROM w),
            n AS (SELECT max(0, \(rows) - (SELECT count(*) FROM em)) AS budget)
            SELECT b, budget * cw / tw - budget * (cw - w) / tw AS n,
                \(yearStart) + (b - 1) * 604800 + 86400 + 2 * 3600 + 0.25 AS t,
                CASE b % 8
                    WHEN 0 THEN 'Flash sale! 20% off storewide this weekend only. Use code FLASH20 at checkout.'
                    WHEN 1 THEN 'Free shipping on all orders above RM100 until Sunday. Shop now!'
                    WHEN 2 THEN 'New arrivals are in! See this week''s collection at myshop.my/new'
                    WHEN 3 THEN 'Our warehouse is closed for the public holiday; orders will ship on Monday.'
                    WHEN 4 THEN 'Selamat Hari Raya! Enjoy 15% off with code RAYA15 until 15 April.'
                    WHEN 5 THEN 'Year-end sale 🎉 Up to 40% off everything until 31 December. Use code YEAREND at checkout.'
                    WHEN 6 THEN '11.11 sale starts at midnight: up to 50% off, limited stock. Reply STOP to opt out.'
                    ELSE 'Thank you for shopping with us! Your loyalty points are waiting: myshop.my/points'
                END AS text
            FROM c, n;
            CREATE TEMP TABLE bm AS
            SELECT b, bc.t AS t, j.value AS k, 2 + (j.value * 17 + b * 997) % \(customers - 2) AS c
            FROM bc, generate_series(0, bc.n - 1) AS j WHERE bc.n > 0;

            CREATE TEMP TABLE allm AS
            SELECT row_number() OVER (ORDER BY t, k) AS id, * FROM (
                SELECT t, k, e, NULL AS b, audience, c FROM em
                UNION ALL SELECT t, k, NULL, b, NULL, c FROM bm
            ) ORDER BY t, k LIMIT \(rows);

            INSERT INTO messages (id, origin, event_ref, broadcast_id, audience, event_type, event_id, order_id, sender,
                text, recipient_typed, recipient, encoding, parts, state, reason, attempts, next_attempt_at, priority,
                gateway_status, gateway_response, msgid, delivered_at, status_checks, next_status_check_at, created_at,
                updated_at)
            SELECT id, CASE WHEN e IS NULL THEN 'broadcast' ELSE 'event' END, e, b, audience,
                coalesce(scope, 'SMS Broadcast'),
                CASE WHEN e IS NULL THEN NULL WHEN o IS NULL THEN cart WHEN shipment IS NOT NULL THEN CAST(shipment AS TEXT)
                    ELSE CAST(o AS TEXT) END,
                CAST(o AS TEXT), 'MyShop', body,
                CASE skip WHEN 'none' THEN NULL WHEN 'landline' THEN '03-' || substr(printf('%08d', c * 31 % 100000000), 1, 4)
                    || ' ' || substr(printf('%08d', c * 31 % 100000000), 5)
                    WHEN 'foreign' THEN '0' || substr(number, 3, 2) || '-' || substr(number, 5, 3) || ' ' || substr(number, 8, 2)
                    ELSE typed END,
                CASE skip WHEN 'none' THEN '' WHEN 'landline' THEN '603' || printf('%08d', c * 31 % 100000000)
                    WHEN 'foreign' THEN '600' || substr(number, 3, 2) || substr(number, 5, 3) || substr(number, 8, 2)
                    ELSE number END,
                CASE WHEN body GLOB '*[^ -~]*' THEN 'UCS-2' ELSE 'GSM-7' END,
                CASE WHEN body GLOB '*[^ -~]*' THEN (length(body) + 66) / 67 ELSE 1 END,
                state,
                CASE skip WHEN 'none' THEN 'no phone number for this customer'
                    WHEN 'landline' THEN 'the number is not valid for MY: a fixed-line number cannot receive SMS'
                    WHEN 'foreign' THEN 'the number is not valid for MY: not a number of Malaysia (MY)' END,
                CASE WHEN state = 'skipped' THEN 0 ELSE 1 END, NULL, CASE WHEN e IS NULL THEN 1 ELSE 0 END,
                CASE WHEN state IN ('sent', 'delivered', 'expired') THEN 0 WHEN state = 'failed' THEN gateway_status END,
                CASE WHEN state IN ('sent', 'delivered', 'expired') THEN 'Message sent' WHEN state = 'failed' THEN words END,
                CASE WHEN state IN ('sent', 'delivered', 'expired') THEN printf('CPASS_restapi_C%016d.0001', id) END,
                CASE WHEN state = 'delivered' THEN \(date("sent_at + 4 + r % 50")) END,
                CASE state WHEN 'delivered' THEN 1 + r % 2 WHEN 'expired' THEN 3 ELSE 0 END, NULL,
                \(date("t")),
                CASE state WHEN 'skipped' THEN \(date("t")) WHEN 'failed' THEN \(date("sent_at"))
                    WHEN 'delivered' THEN \(date("sent_at + 4 + r % 50")) WHEN 'expired' THEN \(date("sent_at + 172800"))
                    ELSE \(date("sent_at")) END
            FROM (
                SELECT m.id, m.t, m.e, m.b, m.audience, m.c, ev.scope, ev.o, ev.shipment, ev.cart, contact.number,
                    contact.typed, \(hash("m.id", 7)) % 10000 AS r,
                    -- Broadcasts go out ten a second; an event's SMS within a second.
                    m.t + CASE WHEN m.e IS NULL THEN m.k / 10.0 ELSE 0.2 + m.k * 0.05 END AS sent_at,
                    CASE WHEN m.audience = 'customer' AND \(hash("m.id", 7)) % 10000 < 300 THEN
                        CASE WHEN \(hash("m.id", 7)) % 10000 < 180 THEN 'none'
                            WHEN \(hash("m.id", 7)) % 10000 < 260 THEN 'landline' ELSE 'foreign' END END AS skip,
                    CASE WHEN m.audience = 'customer' AND \(hash("m.id", 7)) % 10000 < 300 THEN 'skipped'
                        WHEN m.t BETWEEN \(keyWrongFrom) AND \(keyWrongTo)
                            THEN 'failed'
                        WHEN \(hash("m.id", 7)) % 10000 < 360 THEN 'failed'
                        WHEN \(hash("m.id", 7)) % 10000 < 470 THEN 'expired'
                        WHEN \(hash("m.id", 7)) % 10000 < 2200 THEN 'sent'
                        ELSE 'delivered' END AS state,
                    CASE WHEN m.t BETWEEN \(keyWrongFrom) AND \(keyWrongTo)
                        THEN 1 ELSE (CASE \(hash("m.id", 8)) % 3 WHEN 0 THEN 5 WHEN 1 THEN 28 ELSE 65 END) END
                        AS gateway_status,
                    CASE WHEN m.t BETWEEN \(keyWrongFrom) AND \(keyWrongTo)
                        THEN 'Authorization failed' ELSE (CASE \(hash("m.id", 8)) % 3 WHEN 0 THEN 'Destination blacklisted'
                            WHEN 1 THEN 'Invalid destination' ELSE 'Destination not found' END) END AS words,
                    CASE WHEN m.e IS NULL THEN bc.text ELSE
                        CASE WHEN m.audience = 'admin' THEN
                            CASE ev.scope
                                WHEN 'store/order/created' THEN 'New order #' || ev.o || ' received at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/order/updated' THEN 'Order #' || ev.o || ' was updated at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/order/archived' THEN 'Order #' || ev.o || ' was archived at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/order/message/created' THEN 'New message ' || ev.note || ' on order #' || ev.o
                                    || ' at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/order/refund/created' THEN 'Order refund ' || ev.refund || ' created for order '
                                    || ev.o || ' at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/shipment/created' THEN 'Shipment ' || ev.shipment || ' created for order ' || ev.o
                                    || ' created at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/shipment/updated' THEN 'Shipment ' || ev.shipment || ' created for order ' || ev.o
                                    || ' updated at ' || \(seedDate("ev.ct")) || '.'
                                WHEN 'store/shipment/deleted' THEN 'Shipment ' || ev.shipment || ' of order ' || ev.o
                                    || ' was deleted at ' || \(seedDate("ev.ct")) || '.'
                                ELSE 'Cart ' || ev.cart || ' was abandoned at ' || \(seedDate("ev.ct")) || '.' END
                        ELSE
                            CASE ev.scope
                                WHEN 'store/order/created' THEN 'Thank you! Your order #' || ev.o || ' has been received.'
                                WHEN 'store/order/message/created' THEN 'You have a new message about your order #' || ev.o || '.'
                                WHEN 'store/order/refund/created' THEN 'A refund for your order #' || ev.o || ' has been issued.'
                                WHEN 'store/shipment/created' THEN 'Good news! Your order #' || ev.o || ' has been shipped.'
                                WHEN 'store/shipment/updated' THEN 'The shipment of your order #' || ev.o || ' has been updated.'
                                WHEN 'store/shipment/deleted' THEN 'A shipment of your order #' || ev.o || ' has been cancelled.'
                                ELSE 'You left items in your cart. Come back anytime to complete your order!' END
                        END
                    END AS body
                FROM allm m
                LEFT JOIN ev ON ev.e = m.e
                LEFT JOIN bc ON bc.b = m.b
                JOIN contact ON contact.c = m.c
            ) ORDER BY id;
            COMMIT;
            DROP TABLE temp.allm;
            DROP TABLE temp.bm;
            DROP TABLE temp.em;
            DROP TABLE temp.ev;
            PRAGMA journal_mode = WAL;
            """
    }

    /// A well-mixed whole number from 0 to 2^31 - 2 for `expression` and `salt`: squared modulo a prime, then
    /// scrambled (SQLite has no exclusive or); its low digits are as even as its high ones.
    private static func hash(_ expression: String, _ salt: Int) -> String {
        let seeded = "(((\(expression)) * 40503 + \(salt * 2_654_435 + 12_345)) % 2147483647)"
        return "(((\(seeded) * \(seeded) + (\(expression))) % 2147483647) * 48271 % 2147483647)"
    }
}
