import Foundation
import HTTPClient
import JSONRPC
import Testing

/// The console's files, its sign-in and its sessions on `/rpc`, over real HTTP.
@Suite struct ConsoleRouteTests {
    static let token = "console-route-token-0123456789"
    static let ping = Array(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"#.utf8)

    @Test func theConsoleIsServedWithAStrictPolicyFromTheBinary() async throws {
        try await HTTPFrontHarness.with(token: Self.token) { front in
            let page = try await front.request(.get, "/")
            #expect(page.status == 200 && page.header("content-type")?.hasPrefix("text/html") == true)
            let policy = try #require(page.header("content-security-policy"))
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe"))
            #expect(page.header("x-content-type-options") == "nosniff")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains(#"<script type="module" src="/console/app.js">"#) && !html.contains("<script>"))
            for file in [
                "app.js", "rpc.js", "account.js", "notifications.js", "broadcast.js", "history.js", "style.css",
            ] {
                let asset = try await front.request(.get, "/console/\(file)")
                #expect(asset.status == 200 && !asset.body.isEmpty, "\(file)")
            }
            let script = try await front.request(.get, "/console/app.js")
            #expect(script.header("content-type")?.hasPrefix("text/javascript") == true)
            #expect(try await front.request(.get, "/console/nope.js").status == 404)
        }
    }

    @Test func signingInGivesAnHttpOnlyStrictCookieThatRPCTakesOnlyWithTheConsolesHeader() async throws {
        try await HTTPFrontHarness.with(token: Self.token) { front in
            let state = try await front.request(.get, "/console/session")
            #expect(state.json == ["tokenRequired": true, "signedIn": false])
            let json = ("Content-Type", "application/json")
            let wrong = try await front.request(
                .post, "/console/session", headers: [json], body: Array(#"{"token":"guess"}"#.utf8))
            #expect(wrong.status == 401 && wrong.header("set-cookie") == nil)
            let right = try await front.request(
                .post, "/console/session", headers: [json], body: Array(#"{"token":"\#(Self.token)"}"#.utf8))
            #expect(right.status == 204)
            let setCookie = try #require(right.header("set-cookie"))
            #expect(
                setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains(Self.token))
            let cookie = ("Cookie", String(setCookie.split(separator: ";")[0]))
            let signedIn = try await front.request(.get, "/console/session", headers: [cookie])
            #expect(signedIn.json?["signedIn"] == true)

            let console = ("X-Console", "1")
            let fromConsole = try await front.request(.post, "/rpc", headers: [json, cookie, console], body: Self.ping)
            #expect(fromConsole.status == 200 && fromConsole.json?["result"] != nil)
            let withoutHeader = try await front.request(.post, "/rpc", headers: [json, cookie], body: Self.ping)
            #expect(withoutHeader.status == 401, "a cookie alone is not enough")
            let otherOrigin = try await front.request(
                .post, "/rpc", headers: [json, cookie, console, ("Origin", "https://attacker.example")], body: Self.ping
            )
            #expect(otherOrigin.status == 401)
            let crossSite = try await front.request(
                .post, "/rpc", headers: [json, cookie, console, ("Sec-Fetch-Site", "cross-site")], body: Self.ping)
            #expect(crossSite.status == 401)
            let sameOrigin = try await front.request(
                .post, "/rpc", headers: [json, cookie, console, ("Origin", "http://127.0.0.1:\(front.port)")],
                body: Self.ping)
            #expect(sameOrigin.status == 200)

            let signedOut = try await front.request(.delete, "/console/session", headers: [cookie])
            #expect(signedOut.status == 204 && signedOut.header("set-cookie")?.contains("Max-Age=0") == true)
            let afterSignOut = try await front.request(
                .post, "/rpc", headers: [json, cookie, console], body: Self.ping)
            #expect(afterSignOut.status == 401, "the session ended")
        }
    }

    @Test func theConsolesOriginIsItsSchemeHostAndPortForSessionsAndSignIns() async throws {
        try await HTTPFrontHarness.with(token: Self.token, publicURL: "https://notify.example.com/") { front in
            let json = ("Content-Type", "application/json")
            let signInBody = Array(#"{"token":"\#(Self.token)"}"#.utf8)
            for origin in ["evil://127.0.0.1:\(front.port)", "https://127.0.0.1:\(front.port)", "http://127.0.0.1"] {
                let refused = try await front.request(
                    .post, "/console/session", headers: [json, ("Origin", origin)], body: signInBody)
                #expect(refused.status == 403 && refused.json?["error"]?["code"] == "crossOrigin", "\(origin)")
                #expect(refused.header("set-cookie") == nil)
            }
            let signedIn = try await front.request(
                .post, "/console/session", headers: [json, ("Origin", "http://127.0.0.1:\(front.port)")],
                body: signInBody)
            #expect(signedIn.status == 204)
            let cookie = ("Cookie", String(try #require(signedIn.header("set-cookie")).split(separator: ";")[0]))
            let console = ("X-Console", "1")
            var statuses: [String: Int] = [:]
            for origin in [
                "evil://127.0.0.1:\(front.port)", "https://127.0.0.1:\(front.port)", "http://127.0.0.1:\(front.port)",
                "https://notify.example.com", "HTTPS://Notify.Example.com", "http://notify.example.com",
                "https://notify.example.com:8443",
            ] {
                statuses[origin] =
                    try await front.request(
                        .post, "/rpc", headers: [json, cookie, console, ("Origin", origin)], body: Self.ping
                    ).status
            }
            #expect(
                statuses == [
                    "evil://127.0.0.1:\(front.port)": 401, "https://127.0.0.1:\(front.port)": 401,
                    "http://127.0.0.1:\(front.port)": 200, "https://notify.example.com": 200,
                    "HTTPS://Notify.Example.com": 200, "http://notify.example.com": 401,
                    "https://notify.example.com:8443": 401,
                ])
        }
    }

    @Test func withoutATokenNoSignInIsAsked() async throws {
        try await HTTPFrontHarness.with { front in
            let state = try await front.request(.get, "/console/session")
            #expect(state.json == ["tokenRequired": false, "signedIn": false])
            let answer = try await front.request(
                .post, "/rpc", headers: [("Content-Type", "application/json"), ("X-Console", "1")], body: Self.ping)
            #expect(answer.status == 200)
        }
    }
}
