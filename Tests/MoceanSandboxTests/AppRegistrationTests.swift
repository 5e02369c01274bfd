import MoceanSandbox
import Testing

/// `/sandbox/apps`: the app the login service knows, shown without its secret, and the 400s that name the
/// field; the paths that need an app refuse to act without one.
@Suite(.timeLimit(.minutes(1))) struct AppRegistrationTests {
    @Test func theAppIsRegisteredAndShownWithoutItsSecret() async throws {
        try await Sandbox.run { sandbox in
            let none = try await sandbox.request("GET", "/sandbox/apps")
            #expect(none.status == 404)
            #expect(try none.json()["error"]?.stringValue?.contains("POST /sandbox/apps") == true)
            for path in ["/sandbox/apps/install", "/sandbox/apps/load", "/sandbox/apps/uninstall"] {
                let refused = try await sandbox.request("POST", path, body: #"{"store": "shop1"}"#)
                #expect(refused.status == 409, "\(path)")
            }

            let registered = try await sandbox.request(
                "POST", "/sandbox/apps",
                body: #"{"clientId": "cid", "clientSecret": "s3cret", "appUrl": "http://127.0.0.1:8080/"}"#)
            #expect(registered.status == 200)
            let expected: TestJSON = [
                "clientId": "cid", "appUrl": "http://127.0.0.1:8080",
                "callbacks": [
                    "auth": "http://127.0.0.1:8080/bigcommerce/auth", "load": "http://127.0.0.1:8080/bigcommerce/load",
                    "uninstall": "http://127.0.0.1:8080/bigcommerce/uninstall",
                    "removeUser": "http://127.0.0.1:8080/bigcommerce/remove_user",
                ],
            ]
            #expect(try registered.json() == expected)
            let shown = try await sandbox.request("GET", "/sandbox/apps")
            #expect(try shown.json() == expected)
            #expect(!shown.text.contains("s3cret"))
            #expect(try await sandbox.request("DELETE", "/sandbox/apps").status == 405)
        }
    }

    @Test(arguments: [
        (#"{"clientSecret": "s", "appUrl": "http://127.0.0.1:8080"}"#, "clientId"),
        (#"{"clientId": "", "clientSecret": "s", "appUrl": "http://127.0.0.1:8080"}"#, "clientId"),
        (#"{"clientId": "a b", "clientSecret": "s", "appUrl": "http://127.0.0.1:8080"}"#, "clientId"),
        (#"{"clientId": "c", "appUrl": "http://127.0.0.1:8080"}"#, "clientSecret"),
        (#"{"clientId": "c", "clientSecret": 5, "appUrl": "http://127.0.0.1:8080"}"#, "clientSecret"),
        (#"{"clientId": "c", "clientSecret": "s"}"#, "appUrl"),
        (#"{"clientId": "c", "clientSecret": "s", "appUrl": "http://example.com"}"#, "appUrl"),
        (#"{"clientId": "c", "clientSecret": "s", "appUrl": "ftp://127.0.0.1"}"#, "appUrl"),
        (#"{"clientId": "c", "clientSecret": "s", "appUrl": "http://127.0.0.1:8080?x=1"}"#, "appUrl"),
        (#"{"clientId": "c", "clientSecret": "s", "appUrl": "http://u:p@127.0.0.1"}"#, "appUrl"),
        (#"{"clientId": "c", "clientSecret": "s", "appUrl": "https://a.example", "extra": 1}"#, "extra"),
        ("[]", "body"),
        ("nope", "body"),
    ])
    func badRegistrationsAreRefusedNamingTheField(body: String, field: String) async throws {
        try await Sandbox.run { sandbox in
            let refused = try await sandbox.request("POST", "/sandbox/apps", body: body)
            #expect(refused.status == 400)
            #expect(try refused.json()["field"] == .string(field), "\(refused.text)")
            #expect(try refused.json()["error"]?.stringValue?.isEmpty == false)
            #expect(try await sandbox.request("GET", "/sandbox/apps").status == 404, "nothing was registered")
        }
    }

    @Test func anAppGivenAtStartIsRegisteredAlready() async throws {
        var configuration = Sandbox.configuration()
        configuration.app = .init(clientId: "cid", clientSecret: "s3cret", appURL: "https://app.example")
        try await Sandbox.run(configuration) { sandbox in
            let shown = try await sandbox.request("GET", "/sandbox/apps")
            #expect(try shown.json()["clientId"] == "cid")
            #expect(try shown.json()["callbacks"]?["auth"] == "https://app.example/bigcommerce/auth")
        }
    }

    @Test(arguments: [
        (#"{"store": "Shop1"}"#, "store"), (#"{"store": "shop-1"}"#, "store"),
        (#"{"store": "abcdefghijklmnopqrstuvwxyz0123456"}"#, "store"), (#"{}"#, "store"),
        (#"{"store": "shop1", "user": {"id": 0, "email": "a@b.example"}}"#, "user.id"),
        (#"{"store": "shop1", "user": {"id": 4, "email": "nobody"}}"#, "user.email"),
        (#"{"store": "shop1", "user": {"id": 4}}"#, "user.email"),
        (#"{"store": "shop1", "user": 4}"#, "user"),
        (#"{"store": "shop1", "scope": "a  b"}"#, "scope"),
        (#"{"store": "shop1", "scope": "a\tb"}"#, "scope"),
        (#"{"store": "shop1", "owner": {}}"#, "owner"),
    ])
    func badInstallsAreRefusedNamingTheField(body: String, field: String) async throws {
        try await Sandbox.run { sandbox in
            _ = try await sandbox.request(
                "POST", "/sandbox/apps",
                body: #"{"clientId": "cid", "clientSecret": "s", "appUrl": "http://127.0.0.1:1"}"#)
            let refused = try await sandbox.request("POST", "/sandbox/apps/install", body: body)
            #expect(refused.status == 400)
            #expect(try refused.json()["field"] == .string(field), "\(refused.text)")
        }
    }
}
