import Foundation
import JWTKit
import MoceanSandbox
import Testing

/// The load, uninstall and remove_user callbacks' signed payloads, checked with JWTKit as an app checks them,
/// and what an uninstall does to the store.
@Suite(.timeLimit(.minutes(1))) struct SignedPayloadTests {
    /// Runs a sandbox and an app stand-in, registered, with the app installed on `shop1` by the merchant.
    private func withInstalledApp(_ body: @Sendable (Sandbox, AppStandIn) async throws -> Void) async throws {
        try await Sandbox.run { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                let installed = try await AppInstallTests.install(sandbox, store: "shop1")
                #expect(installed["status"] == 200)
                try await body(sandbox, app)
            }
        }
    }

    @Test func theLoadURLCarriesAPayloadSignedWithTheClientSecret() async throws {
        try await withInstalledApp { sandbox, app in
            let answer = try await sandbox.request("POST", "/sandbox/apps/load", body: #"{"store": "shop1"}"#).json()
            let jwt = try #require(answer["jwt"]?.stringValue)
            #expect(answer["url"] == .string(app.baseURL + "/bigcommerce/load?signed_payload_jwt=" + jwt))
            #expect(await app.log.callbacks(named: "load").isEmpty, "the browser opens it, not the sandbox")

            let claims = try await SignedPayloadCheck.verify(jwt)
            let now = Date()
            #expect(abs(claims.iat.value.timeIntervalSince(now)) < 60)
            #expect(claims.nbf.value == claims.iat.value)
            #expect(claims.exp.value.timeIntervalSince(claims.iat.value) == 86_400)
            #expect(UUID(uuidString: claims.jti.value) != nil)
            #expect(claims.sub.value == "stores/shop1")
            #expect(claims.aud.value == [AppStandIn.clientId])
            #expect(claims.user == .init(id: 42, email: "merchant@shop1.example", locale: "en-US"))
            #expect(claims.owner == .init(id: 42, email: "merchant@shop1.example"))
            #expect(claims.url == "/")
            let written = try SignedPayloadCheck.claims(jwt)
            #expect(written["channel_id"] == .null)
            #expect(written["owner"]?.count == 2, "the owner carries no locale")
            #expect(written.count == 11)
            #expect(try SignedPayloadCheck.header(jwt) == ["alg": "HS256", "typ": "JWT"])

            let another = try await sandbox.request(
                "POST", "/sandbox/apps/load",
                body: #"{"store": "shop1", "user": {"id": 7, "email": "staff@shop1.example"}}"#
            ).json()
            let staff = try await SignedPayloadCheck.verify(another["jwt"]?.stringValue ?? "")
            #expect(staff.user.id == 7 && staff.owner.id == 42, "another user of the owner's store")
        }
    }

    @Test func overridesChangeWhatThePayloadSays() async throws {
        try await withInstalledApp { sandbox, _ in
            let changed = try await sandbox.request(
                "POST", "/sandbox/apps/load",
                body: #"{"store": "shop1", "claims": {"aud": "other-app", "exp": 1000, "iss": null, "url": "/x"}}"#
            ).json()
            let changedJWT = try #require(changed["jwt"]?.stringValue)
            let claims = try SignedPayloadCheck.claims(changedJWT)
            #expect(claims["aud"] == "other-app" && claims["exp"] == 1000 && claims["url"] == "/x")
            #expect(claims["iss"] == TestJSON?.none, "null removes the claim")
            #expect(claims["sub"] == "stores/shop1", "the others stay")
            await #expect(throws: (any Error).self) { try await SignedPayloadCheck.verify(changedJWT) }

            let another = String(repeating: "another-secret-", count: 3)
            let otherSecret = try await sandbox.request(
                "POST", "/sandbox/apps/load", body: #"{"store": "shop1", "secret": "\#(another)"}"#
            ).json()
            let forged = try #require(otherSecret["jwt"]?.stringValue)
            await #expect(throws: (any Error).self) { try await SignedPayloadCheck.verify(forged) }
            _ = try await SignedPayloadCheck.verify(forged, secret: another)

            let hs512 = try await sandbox.request(
                "POST", "/sandbox/apps/load", body: #"{"store": "shop1", "algorithm": "HS512"}"#
            ).json()
            let strong = try #require(hs512["jwt"]?.stringValue)
            #expect(try SignedPayloadCheck.header(strong)["alg"] == "HS512")
            await #expect(throws: (any Error).self) { try await SignedPayloadCheck.verify(strong) }
            _ = try await SignedPayloadCheck.verify(strong, digest: .sha512)

            for (body, field) in [
                (#"{"store": "shop1", "algorithm": "none"}"#, "algorithm"),
                (#"{"store": "shop1", "claims": [1]}"#, "claims"), (#"{"store": "shop1", "secret": ""}"#, "secret"),
                (#"{"user": {"id": 1, "email": "a@b.example"}}"#, "store"),
            ] {
                let refused = try await sandbox.request("POST", "/sandbox/apps/load", body: body)
                #expect(refused.status == 400)
                #expect(try refused.json()["field"] == .string(field), "\(refused.text)")
            }
        }
    }

    @Test func aSecretShorterThanTheHashStillSigns() async throws {
        try await Sandbox.run { sandbox in
            _ = try await sandbox.request(
                "POST", "/sandbox/apps",
                body: #"{"clientId": "cid", "clientSecret": "s", "appUrl": "http://127.0.0.1:1"}"#)
            for algorithm in ["HS256", "HS384", "HS512"] {
                let answer = try await sandbox.request(
                    "POST", "/sandbox/apps/load", body: #"{"store": "shop1", "algorithm": "\#(algorithm)"}"#)
                #expect(answer.status == 200)
                let jwt = try #require(try answer.json()["jwt"]?.stringValue)
                #expect(SignedPayloadCheck.isSigned(jwt, with: "s", algorithm: algorithm), "\(algorithm)")
                #expect(!SignedPayloadCheck.isSigned(jwt, with: "t", algorithm: algorithm))
            }
        }
    }

    @Test func theControlPanelFramesAFreshLoadURL() async throws {
        try await withInstalledApp { sandbox, app in
            let page = try await sandbox.request("GET", "/sandbox/apps/panel?store=shop1")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.headers["content-security-policy"] == nil)
            #expect(!page.text.contains("<script"))
            let prefix = #"<iframe src=""# + app.baseURL + "/bigcommerce/load?signed_payload_jwt="
            let start = try #require(page.text.range(of: prefix))
            let jwt = String(page.text[start.upperBound...].prefix(while: { $0 != "\"" }))
            #expect(try await SignedPayloadCheck.verify(jwt).sub.value == "stores/shop1")
            #expect(try await sandbox.request("GET", "/sandbox/apps/panel?store=No-Such").status == 400)
        }
    }

    @Test func anUninstallRevokesTheTokenAndDeletesTheHooksThenTellsTheApp() async throws {
        try await WebhookReceiver.run { receiver in
            try await withInstalledApp { sandbox, app in
                let token = try #require(await app.log.latestToken)
                let headers = [("X-Auth-Token", token), ("Content-Type", "application/json")]
                let hook = try await sandbox.request(
                    "POST", "/stores/shop1/v3/hooks", headers: headers,
                    body: #"{"scope": "store/order/created", "destination": "\#(receiver.url())"}"#)
                #expect(try hook.json()["data"]?["client_id"] == .string(AppStandIn.clientId))

                let forged = try await sandbox.request(
                    "POST", "/sandbox/apps/uninstall", body: #"{"store": "shop1", "secret": "forged"}"#)
                #expect(try forged.json()["uninstalled"] == false)
                #expect(
                    try await sandbox.request("GET", "/stores/shop1/v3/hooks", headers: headers).json()["data"]?.count
                        == 1, "a forged uninstall changes nothing")

                let uninstalled = try await sandbox.request(
                    "POST", "/sandbox/apps/uninstall", body: #"{"store": "shop1"}"#)
                #expect(try uninstalled.json() == ["status": 200, "body": #"{"ok":true}"#, "uninstalled": true])
                let callbacks = await app.log.callbacks(named: "uninstall")
                #expect(callbacks.count == 2)
                let jwt = try #require(callbacks.last?.query["signed_payload_jwt"])
                let claims = try await SignedPayloadCheck.verify(jwt)
                #expect(claims.sub.value == "stores/shop1" && claims.user.id == 42)
                await #expect(throws: (any Error).self) {
                    try await SignedPayloadCheck.verify(callbacks.first?.query["signed_payload_jwt"] ?? "")
                }

                #expect(try await sandbox.request("GET", "/stores/shop1/v3/hooks", headers: headers).status == 401)
                let fired = try await sandbox.request("POST", "/sandbox/store/orders", body: #"{"store": "shop1"}"#)
                #expect(try fired.json()["deliveries"] == 0, "its hooks were deleted")
                let stores = try await sandbox.request("GET", "/sandbox/stores").json()
                #expect(stores["stores"]?[1]?["installed"] == false && stores["stores"]?[1]?["uninstalled"] == true)

                _ = try await AppInstallTests.install(sandbox, store: "shop1")
                let reinstalled = try #require(await app.log.latestToken)
                let listed = try await sandbox.request(
                    "GET", "/stores/shop1/v3/hooks", headers: [("X-Auth-Token", reinstalled)])
                #expect(try listed.json()["data"] == [], "a reinstall starts without hooks")
            }
        }
    }

    @Test func removeUserSignsForTheUserRemoved() async throws {
        try await withInstalledApp { sandbox, app in
            let answer = try await sandbox.request(
                "POST", "/sandbox/apps/remove_user",
                body: #"{"store": "shop1", "user": {"id": 9, "email": "gone@shop1.example"}}"#)
            #expect(try answer.json() == ["status": 200, "body": #"{"ok":true}"#])
            let jwt = try #require(await app.log.callbacks(named: "remove_user").first?.query["signed_payload_jwt"])
            let claims = try await SignedPayloadCheck.verify(jwt)
            #expect(claims.user == .init(id: 9, email: "gone@shop1.example", locale: "en-US"))
            #expect(claims.owner.id == 42)
            let withoutUser = try await sandbox.request(
                "POST", "/sandbox/apps/remove_user", body: #"{"store": "shop1"}"#)
            #expect(try withoutUser.json()["field"] == "user")
            let unknown = try await sandbox.request(
                "POST", "/sandbox/apps/remove_user",
                body: #"{"store": "nosuch", "user": {"id": 9, "email": "gone@shop1.example"}}"#)
            #expect(unknown.status == 404)
            #expect(
                try await sandbox.request(
                    "GET", "/stores/shop1/v2/store",
                    headers: [("X-Auth-Token", await app.log.latestToken ?? "")]
                ).status == 200, "the store stays installed")
        }
    }
}
