import JSONCore

/// Sample webhook payloads and store data, as BigCommerce sends and returns them, matching the catalog's samples.
enum SampleData {
    /// The sample webhook payload of `event`.
    static func payload(for event: StoreEvent) -> JSONValue {
        let data: String
        switch event {
        case .cartAbandoned:
            data = #"{"type":"cart","id":"\#(KeywordCatalog.sampleCartID)","token":"9f2c4b7d1e8a3f60"}"#
        case .orderArchived, .orderCreated, .orderUpdated:
            data = #"{"type":"order","id":102}"#
        case .orderMessageCreated:
            data = #"{"type":"order","id":102,"message":{"order_message_id":3}}"#
        case .orderRefundCreated:
            data = #"{"type":"order","id":102,"refund":{"refund_id":3}}"#
        case .shipmentCreated, .shipmentDeleted, .shipmentUpdated:
            data = #"{"type":"shipment","id":1,"orderId":102}"#
        }
        return parse(
            #"{"scope":"\#(event.scope)","store_id":"\#(KeywordCatalog.sampleStoreID)","data":\#(data),"#
                + #""hash":"\#(hash(of: event.scope))","created_at":\#(KeywordCatalog.sampleCreatedAt),"#
                + #""producer":"stores/7wt5mizwwn"}"#)
    }

    /// The sample store data of `event`, keyed as ``TemplateData/values(for:payload:resources:)`` expects.
    static func resources(for event: StoreEvent) -> JSONValue {
        var members: [(String, String)] = [("store", store)]
        switch event {
        case .cartAbandoned:
            members += [("cart", cart), ("checkout", checkout), ("redirect_urls", redirectURLs)]
        case .orderArchived, .orderCreated, .orderUpdated:
            members += [("order", order)]
        case .orderMessageCreated:
            members += [("message", messages), ("order", order)]
        case .orderRefundCreated:
            members += [("refund", refund), ("order", order)]
        case .shipmentCreated, .shipmentUpdated:
            members += [("shipment", shipment), ("order", order)]
        case .shipmentDeleted:
            members += [("order", order)]
        }
        return parse("{" + members.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",") + "}")
    }

    /// A delivery's `hash`: 40 hex digits, different for each scope (FNV-1a, for the samples only).
    static func hash(of scope: String) -> String {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        while hex.count < 40 {
            for byte in scope.utf8 {
                state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            let digits = String(state, radix: 16)
            hex += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return String(hex.prefix(40))
    }

    private static func parse(_ text: String) -> JSONValue {
        // The samples are fixed, valid JSON (a test holds every sample).
        try! JSONParser.parse(Array(text.utf8))
    }

    static let store = #"""
        {"id":"7wt5mizwwn","domain":"myshop.com.my","secure_url":"https://myshop.com.my","name":"MyShop",
        "phone":"+60 3-2161 2345","country_code":"MY","currency":"MYR"}
        """#

    static let order = #"""
        {"id":102,"customer_id":11,"date_created":"Mon, 20 Sep 2021 05:07:41 +0000","status_id":11,
        "status":"Awaiting Fulfillment","subtotal_inc_tax":"110.5000","total_inc_tax":"120.5000",
        "items_total":3,"items_shipped":0,"payment_method":"Cash on Delivery","currency_code":"MYR",
        "customer_message":"Please call on arrival",
        "billing_address":{"first_name":"Aisyah","last_name":"Rahman","company":"","street_1":"12 Jalan Ampang",
        "street_2":"","city":"Kuala Lumpur","state":"Kuala Lumpur","zip":"50450","country":"Malaysia",
        "country_iso2":"MY","phone":"012-345 6789","email":"aisyah@example.com"}}
        """#

    static let shipment = #"""
        {"id":1,"order_id":102,"customer_id":11,"order_address_id":7,"date_created":"Mon, 20 Sep 2021 05:08:02 +0000",
        "tracking_number":"ER123456789MY","shipping_method":"Standard Delivery","shipping_provider":"",
        "tracking_carrier":"","tracking_link":"https://tracking.pos.com.my/tracking/ER123456789MY",
        "comments":"","shipping_provider_display_name":"Pos Malaysia","generated_tracking_link":"",
        "shipping_address":{"first_name":"Aisyah","last_name":"Rahman","street_1":"12 Jalan Ampang",
        "city":"Kuala Lumpur","zip":"50450","country":"Malaysia","country_iso2":"MY","phone":"012-345 6789",
        "email":"aisyah@example.com"},
        "items":[{"order_product_id":15,"product_id":77,"quantity":2}]}
        """#

    static let refund = #"""
        {"data":{"id":3,"order_id":102,"user_id":1,"created":"2021-09-20T05:08:09+00:00",
        "reason":"Item out of stock","total_amount":20,"total_tax":0,"uses_merchant_override_values":false,
        "payments":[{"id":4,"provider_id":"storecredit","amount":20,"offline":false,"is_declined":false,
        "declined_message":""}],"items":[{"item_type":"PRODUCT","item_id":15,"quantity":1}]},"meta":{}}
        """#

    static let messages = #"""
        [{"id":3,"order_id":102,"staff_id":0,"customer_id":11,"type":"customer","subject":"Delivery time",
        "message":"Can you deliver after 6 pm?","status":"unread","is_flagged":false,
        "date_created":"Mon, 20 Sep 2021 05:08:05 +0000"}]
        """#

    static let cart = #"""
        {"data":{"id":"\#(KeywordCatalog.sampleCartID)","customer_id":11,"channel_id":1,
        "email":"aisyah@example.com","currency":{"code":"MYR"},"tax_included":true,"base_amount":89.9,
        "discount_amount":0,"cart_amount":89.9,"coupons":[],"discounts":[],
        "line_items":{"physical_items":[{"id":"b1c1","product_id":77,"name":"Batik scarf","quantity":2,
        "list_price":44.95}],"digital_items":[],"gift_certificates":[],"custom_items":[]},
        "created_time":"2021-09-20T04:40:12+00:00","updated_time":"2021-09-20T04:41:30+00:00"},"meta":{}}
        """#

    static let checkout = #"""
        {"data":{"id":"\#(KeywordCatalog.sampleCartID)","billing_address":{"first_name":"Aisyah",
        "last_name":"Rahman","email":"aisyah@example.com","phone":"012-345 6789","country_code":"MY"}}}
        """#

    static let redirectURLs = #"""
        {"data":{"cart_url":"\#(KeywordCatalog.sampleCartLink)",
        "checkout_url":"https://myshop.com.my/cart.php?action=loadInCheckout&id=\#(cartID)&token=9f2c4b",
        "embedded_checkout_url":"https://myshop.com.my/cart.php?embedded=1&action=loadInCheckout&id=\#(cartID)"}}
        """#

    private static let cartID = KeywordCatalog.sampleCartID
}
