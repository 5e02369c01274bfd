import Testing

@testable import MoceanSandbox

/// URLs taken apart for checking where they lead and for logging without secrets.
@Suite struct HTTPURLTests {
    @Test func aURLIsShownWithoutUserInfoQueryOrFragment() throws {
        let url = try #require(HTTPURL("HTTP://user:pa55@Example.com:8080/dlr/in?token=s3cret#top"))
        #expect(url.scheme == "http" && url.host == "example.com" && url.port == 8080 && url.hasUserInfo)
        #expect(url.description == "http://example.com:8080/dlr/in")
        let ipv6 = try #require(HTTPURL("https://[::1]?x=1"))
        #expect(ipv6.host == "::1" && ipv6.port == 443 && ipv6.path == "/")
        #expect(ipv6.description == "https://[::1]/")
    }

    @Test(arguments: [
        "not a url", "ftp://host/x", "http://", "http://:80/", "http://host:0/", "http://host:65536/",
        "http://host:99999999999999999999/", "http://[::1/", "http://[::1]x/",
    ])
    func anythingButAnHTTPURLIsRefused(text: String) {
        #expect(HTTPURL(text) == nil)
    }
}
