import MoceanSandbox
import Testing

/// BigCommerce's single-click install as the sandbox plays it: the auth callback called with a code, and the
/// login service exchanging that code once for the store's token, over real HTTP on loopback.
@Suite(.timeLimit(.minutes(1))) struct AppInstallTests {
    static let merchant = #"{"id": 42, "email": "merchant@shop1.example"}"#

    /// `POST /sandbox/apps/install` of `store`, by the merchant unless told otherwise.
    static func install(
        _ sandbox: Sandbox, store: String, user: String = merchant, scope: String? = nil
    ) async throws -> TestJSON {
        let scopeMember = scope.map { #", "scope": "\#($0)""# } ?? ""
        let answer = try await sandbox.request(
            "POST", "/sandbox/apps/install", body: #"{"store": "\#(store)", "user": \#(user)\#(scopeMember)}"#)
        #expect(answer.status == 200, "\(answer.text)")
        return try answer.json()
    }

    /// `POST /oauth2/token` with a JSON body of `fields`.
    static func exchange(_ sandbox: Sandbox, _ fields: [String: String]) async throws -> HTTPTestConnection.Response {
        let members = fields.map { #""\#($0)": "\#($1)""# }.joined(separator: ", ")
        return try await sandbox.request(
            "POST", "/oauth2/token", headers: [("Content-Type", "application/json")], body: "{\(members)}")
    }

    /// The fields of a valid exchange of `code` for store `store` by `app`.
    static func exchangeFields(_ app: AppStandIn, code: String, store: String) -> [String: String] {
        [
            "client_id": AppStandIn.clientId, "client_secret": AppStandIn.clientSecret, "code": code,
            "context": "stores/\(store)", "scope": "store_v2_orders_read_only", "grant_type": "authorization_code",
            "redirect_uri": app.baseURL + "/bigcommerce/auth",
        ]
    }

    @Test func theAuthCallbackExchangesItsCodeOnceForATokenOfItsStore() async throws {
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                let installed = try await Self.install(sandbox, store: "shop1")
                #expect(installed["store"] == "shop1")
                #expect(installed["status"] == 200, "the app's auth callback answered after its exchange")
                #expect(installed["body"] == "<p>Installed on stores/shop1</p>")
                let code = try #require(installed["code"]?.stringValue)

                let callback = try #require(await app.log.callbacks(named: "auth").first)
                #expect(callback.query["code"] == code)
                #expect(callback.query["context"] == "stores/shop1")
                #expect(
                    callback.query["scope"]
                        == "store_v2_orders_read_only store_v2_customers_read_only store_v2_information_read_only "
                        + "store_v2_content_read_only store_cart_read_only")
                let accountUUID = try #require(callback.query["account_uuid"])
                #expect(
                    accountUUID.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil)

                let exchange = try #require(await app.log.exchanges.first)
                #expect(exchange.status == 200)
                let answer = try exchange.json()
                let token = try #require(answer["access_token"]?.stringValue)
                #expect(token.count >= 20)
                #expect(answer["scope"] == .string(callback.query["scope"] ?? ""))
                #expect(answer["user"] == ["id": 42, "username": "merchant", "email": "merchant@shop1.example"])
                #expect(answer["owner"] == answer["user"], "the installing user owns the store")
                #expect(answer["context"] == "stores/shop1")
                #expect(answer["account_uuid"] == .string(accountUUID))
                #expect(answer.count == 6)

                let replay = try await Self.exchange(sandbox, Self.exchangeFields(app, code: code, store: "shop1"))
                #expect(replay.status == 400)
                #expect(try replay.json()["error"] == "invalid_grant")
                #expect(try replay.json()["error_description"]?.stringValue?.contains("exchanged already") == true)

                let settings = try await sandbox.request(
                    "GET", "/stores/shop1/v2/store", headers: [("X-Auth-Token", token)])
                #expect(settings.status == 200)
                #expect(try settings.json()["name"] == "Sandbox store shop1")
                #expect(try settings.json()["id"] == "shop1")
            }
        }
    }

    @Test func aReinstallIssuesAFreshTokenAndTheOldOneStopsWorking() async throws {
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                _ = try await Self.install(sandbox, store: "shop1")
                let first = try #require(await app.log.latestToken)
                let again = try await Self.install(
                    sandbox, store: "shop1", user: #"{"id": 43, "email": "second@shop1.example", "username": "two"}"#,
                    scope: "store_v2_orders")
                #expect(again["status"] == 200)
                let second = try #require(await app.log.latestToken)
                #expect(second != first)
                let exchange = try #require(await app.log.exchanges.last).json()
                #expect(exchange["scope"] == "store_v2_orders")
                #expect(exchange["owner"] == ["id": 43, "username": "two", "email": "second@shop1.example"])
                let path = "/stores/shop1/v2/orders/104"
                #expect(try await sandbox.request("GET", path, headers: [("X-Auth-Token", first)]).status == 401)
                #expect(try await sandbox.request("GET", path, headers: [("X-Auth-Token", second)]).status == 200)
            }
        }
    }

    @Test func theExchangeRefusesWhatIsNotTheAppsOrNotTheCodes() async throws {
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port, exchanging: false) { app in
                try await app.register(with: sandbox)
                let code = try #require(try await Self.install(sandbox, store: "shop1")["code"]?.stringValue)
                _ = try await Self.install(sandbox, store: "shop2")
                let valid = Self.exchangeFields(app, code: code, store: "shop1")
                let refusals: [(change: (inout [String: String]) -> Void, status: Int, error: String, says: String)] = [
                    ({ $0["client_secret"] = "wrong" }, 401, "invalid_client", "client_secret"),
                    ({ $0["client_id"] = "someone-else" }, 401, "invalid_client", "client_id"),
                    ({ $0["grant_type"] = "refresh_token" }, 400, "unsupported_grant_type", "authorization_code"),
                    ({ $0["redirect_uri"] = "http://127.0.0.1:1/bigcommerce/auth" }, 400, "invalid_grant", "redirect"),
                    ({ $0["context"] = "stores/shop2" }, 400, "invalid_grant", "another context"),
                    ({ $0["code"] = "never-issued" }, 400, "invalid_grant", "never issued"),
                    ({ $0["code"] = nil }, 400, "invalid_request", "code is required"),
                ]
                for refusal in refusals {
                    var fields = valid
                    refusal.change(&fields)
                    let answer = try await Self.exchange(sandbox, fields)
                    #expect(answer.status == refusal.status, "\(refusal.says)")
                    #expect(try answer.json()["error"] == .string(refusal.error), "\(refusal.says)")
                    #expect(
                        try answer.json()["error_description"]?.stringValue?.contains(refusal.says) == true,
                        "\(answer.text)")
                }
                let token = try await Self.exchange(sandbox, valid)
                #expect(token.status == 200, "no refusal spent the code: \(token.text)")
                #expect(try await Self.exchange(sandbox, valid).status == 400, "but the exchange did")
            }
        }
    }

    @Test func aCodeExpires() async throws {
        var configuration = Sandbox.configuration()
        configuration.authorizationCodeLifetime = .milliseconds(300)
        try await Sandbox.run(configuration) { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port, exchanging: false) { app in
                try await app.register(with: sandbox)
                let stale = try #require(try await Self.install(sandbox, store: "shop1")["code"]?.stringValue)
                try await Task.sleep(for: .milliseconds(400))
                let expired = try await Self.exchange(sandbox, Self.exchangeFields(app, code: stale, store: "shop1"))
                #expect(expired.status == 400)
                #expect(try expired.json()["error_description"]?.stringValue?.contains("expired") == true)
            }
        }
    }

    @Test func refusalsCanBeInjectedAndLeaveTheCodeUnspent() async throws {
        // The default code lifetime (10 minutes): a loaded machine's exchanges never outlive it.
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port, exchanging: false) { app in
                try await app.register(with: sandbox)
                let faults = try await sandbox.request(
                    "POST", "/sandbox/apps/faults", body: #"{"refuseNextExchanges": 1}"#)
                #expect(try faults.json() == ["refuseNextExchanges": 1])
                let fresh = try #require(try await Self.install(sandbox, store: "shop1")["code"]?.stringValue)
                let fields = Self.exchangeFields(app, code: fresh, store: "shop1")
                let refused = try await Self.exchange(sandbox, fields)
                #expect(refused.status == 400)
                #expect(try refused.json()["error"] == "invalid_grant")
                #expect(try await Self.exchange(sandbox, fields).status == 200, "the refusal left the code unspent")
            }
        }
    }

    @Test func anAuthCallbackThatRefusesIsAnsweredAsItAnswered() async throws {
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                _ = try await sandbox.request("POST", "/sandbox/apps/faults", body: #"{"refuseNextExchanges": 1}"#)
                let installed = try await Self.install(sandbox, store: "shop1")
                #expect(installed["status"] == 502, "the stand-in answers 502 when its exchange is refused")
                #expect(installed["body"]?.stringValue?.contains("invalid_grant") == true)
                let stores = try await sandbox.request("GET", "/sandbox/stores").json()
                #expect(stores["stores"]?[1]?["store"] == "shop1")
                #expect(stores["stores"]?[1]?["installed"] == false, "no token was issued")
            }
        }
    }

    @Test func anUnreachableAppIsA502ThatStillGivesTheCode() async throws {
        try await Sandbox.run { sandbox in
            _ = try await sandbox.request(
                "POST", "/sandbox/apps",
                body: #"{"clientId": "id", "clientSecret": "secret", "appUrl": "http://127.0.0.1:1"}"#)
            let answer = try await sandbox.request("POST", "/sandbox/apps/install", body: #"{"store": "shop1"}"#)
            #expect(answer.status == 502)
            #expect(try answer.json()["error"]?.stringValue?.contains("auth callback") == true)
            #expect(try answer.json()["code"]?.stringValue?.isEmpty == false)
        }
    }
}
