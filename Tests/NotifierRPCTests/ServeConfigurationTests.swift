import NotifierServer
import Testing

@testable import NotifierRPC

@Suite struct ServeConfigurationTests {
    private typealias Endpoint = ServeConfiguration.Endpoint

    @Test func parsesEndpoints() throws {
        #expect(try Endpoint(parsing: "127.0.0.1:7700") == Endpoint(host: "127.0.0.1", port: 7700))
        #expect(try Endpoint(parsing: "[::1]:0") == Endpoint(host: "::1", port: 0))
        #expect(try Endpoint(parsing: ":8000") == Endpoint(host: "127.0.0.1", port: 8000))
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try Endpoint(parsing: "localhost") }
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try Endpoint(parsing: "host:99999") }
    }

    @Test func refusesANonLoopbackAddressWithoutAToken() throws {
        let open = ServeConfiguration(
            databasePath: "/tmp/x", stdio: false, tcp: Endpoint(host: "0.0.0.0", port: 7700), token: nil)
        let error = #expect(throws: ServeConfiguration.ConfigurationError.self) { try open.validate() }
        #expect(error?.description.contains("without a token") == true)
        var guarded = open
        guarded.token = "a-token-of-24-characters"
        #expect(throws: Never.self) { try guarded.validate() }
        guarded.token = "s3cret"
        let short = #expect(throws: ServeConfiguration.ConfigurationError.self) { try guarded.validate() }
        #expect(short?.description.contains("at least 16 characters") == true)
        let loopback = ServeConfiguration(
            databasePath: "/tmp/x", stdio: false, tcp: Endpoint(host: "127.0.0.1", port: 7700), token: nil)
        #expect(throws: Never.self) { try loopback.validate() }
    }

    @Test func theHTTPFrontFollowsTheSameRulesAndItsPublicURLMustBeABaseURL() throws {
        var http = ServeConfiguration(databasePath: "/tmp/x", stdio: false, tcp: nil, token: nil)
        http.http = Endpoint(host: "0.0.0.0", port: 8080)
        let open = #expect(throws: ServeConfiguration.ConfigurationError.self) { try http.validate() }
        #expect(open?.description.contains("without a token") == true)
        http.http = Endpoint(host: "127.0.0.1", port: 8080)
        #expect(throws: Never.self) { try http.validate() }
        for url in [
            "ftp://x", "https://x.example/?a=1", "https://x .example", "notify.example.com", "http://x.example",
        ] {
            http.publicURL = url
            let refused = #expect(throws: ServeConfiguration.ConfigurationError.self, "\(url)") { try http.validate() }
            #expect(refused?.description.contains("--public-url") == true)
        }
        http.publicURL = "http://127.0.0.1:8080"
        #expect(throws: Never.self, "this machine's own address needs no token") { try http.validate() }
        http.publicURL = "https://notify.example.com"
        let tokenless = #expect(throws: ServeConfiguration.ConfigurationError.self) { try http.validate() }
        #expect(tokenless?.description.contains("needs a token") == true)
        http.token = "a-token-of-24-characters"
        #expect(throws: Never.self) { try http.validate() }
        http.httpMaximumBodyBytes = 10
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try http.validate() }
        var noFront = ServeConfiguration(databasePath: "/tmp/x", stdio: true, tcp: nil, token: nil)
        noFront.publicURL = "https://notify.example.com"
        let alone = #expect(throws: ServeConfiguration.ConfigurationError.self) { try noFront.validate() }
        #expect(alone?.description.contains("--http") == true)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("::1", true), ("localhost", true), ("0.0.0.0", false),
        ("10.0.0.5", false), ("::", false), ("127.x.10.0.0.5.nip.io", false), ("127.example.com", false),
        ("::ffff:127.0.0.1", true), ("::ffff:10.0.0.5", false), ("::ffff:7f00:1", true), ("::2", false),
    ])
    func loopbackMeansAnIPLiteralOfThisMachine(host: String, loopback: Bool) {
        #expect(Endpoint(host: host, port: 1).isLoopback == loopback)
    }

    @Test func theClientAddressHeaderMustBeAHeaderName() {
        for (header, valid) in [
            ("X-Forwarded-For", true), ("X-Real-IP", true), ("", false), ("X Forwarded", false),
            ("X-Forwarded-For:", false), (String(repeating: "a", count: 65), false), ("Bad\u{0}", false),
        ] {
            var configuration = ServeConfiguration(databasePath: "/tmp/x", stdio: true, tcp: nil, token: nil)
            configuration.httpClientAddressHeader = header
            if valid {
                #expect(throws: Never.self, "\(header)") { try configuration.validate() }
            } else {
                let error = #expect(throws: ServeConfiguration.ConfigurationError.self, "\(header)") {
                    try configuration.validate()
                }
                #expect(error?.description.contains("--http-client-address-header") == true)
            }
        }
    }

    @Test func refusesALineLimitThatWouldOverflow() {
        let huge = ServeConfiguration(
            databasePath: "/tmp/x", stdio: true, tcp: nil, token: nil, maximumLineBytes: Int.max)
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try huge.validate() }
    }

    @Test func refusesAnEmptyTokenAndATinyLineLimit() {
        let emptyToken = ServeConfiguration(databasePath: "/tmp/x", stdio: true, tcp: nil, token: "")
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try emptyToken.validate() }
        for blank in [" ", "   ", "\t\n"] {
            let blankToken = ServeConfiguration(
                databasePath: "/tmp/x", stdio: false, tcp: Endpoint(host: "0.0.0.0", port: 7700),
                token: String(repeating: blank, count: 16))
            #expect(throws: ServeConfiguration.ConfigurationError.self, "a blank token guards nothing") {
                try blankToken.validate()
            }
        }
        let tiny = ServeConfiguration(databasePath: "/tmp/x", stdio: true, tcp: nil, token: nil, maximumLineBytes: 10)
        #expect(throws: ServeConfiguration.ConfigurationError.self) { try tiny.validate() }
    }

    @Test func comparesTokensWithoutShortcuts() {
        #expect(SessionAuthenticate.constantTimeEquals("abc", "abc"))
        #expect(!SessionAuthenticate.constantTimeEquals("abc", "abd"))
        #expect(!SessionAuthenticate.constantTimeEquals("abc", "abcd"))
        #expect(!SessionAuthenticate.constantTimeEquals("", "a"))
    }
}
