import Testing

@testable import Notifier

@Suite struct AccountValidationTests {
    @Test(arguments: ["MyShop", "Shop2024", "ABCDEFGHIJK", "60123456789", "123456789012345"])
    func acceptsSenders(_ sender: String) throws {
        #expect(try AccountValidation.sender(sender) == sender)
    }

    @Test(arguments: [
        ("", "must not be empty"), ("ABCDEFGHIJKL", "is 12 characters long"),
        ("1234567890123456", "is 16 characters long"),
        ("My Shop", "other than letters and digits"), ("+60123456789", "other than letters and digits"),
        ("Shöp", "other than letters and digits"),
    ])
    func refusesSendersSayingWhatIsAccepted(sender: String, reason: String) {
        let error = #expect(throws: ValidationError.self) { try AccountValidation.sender(sender) }
        #expect(error?.field == "sender")
        #expect(error?.reason.contains(reason) == true)
        #expect(error?.reason.contains("1 to 11 letters and digits") == true)
    }

    @Test func acceptsCountriesInAnyCaseAndStoresThemUpperCase() throws {
        #expect(try AccountValidation.country(field: "adminCountry")("my") == "MY")
        #expect(try AccountValidation.country(field: "adminCountry")(" GB ") == "GB")
    }

    @Test(arguments: ["XX", "UK", "MYS", "", "1A"])
    func refusesCodesThatAreNotCountries(_ code: String) {
        let error = #expect(throws: ValidationError.self) {
            try AccountValidation.country(field: "customerCountry")(code)
        }
        #expect(error?.field == "customerCountry")
        #expect(
            error?.reason.contains("is not an ISO 3166-1 alpha-2 code of a country with a telephone numbering plan")
                == true)
    }

    @Test func countriesAreThoseWithANumberingPlan() throws {
        // Antarctica has an ISO code but no numbering plan: no number could ever pass its check.
        #expect(throws: ValidationError.self) { try AccountValidation.country(field: "adminCountry")("AQ") }
        // Kosovo has a numbering plan (+383) under a code outside ISO 3166-1.
        #expect(try AccountValidation.country(field: "adminCountry")("xk") == "XK")
    }

    @Test func normalizesGatewayURLs() throws {
        #expect(try AccountValidation.gatewayURL("https://rest.moceanapi.com/") == "https://rest.moceanapi.com")
        #expect(try AccountValidation.gatewayURL("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
    }

    @Test(arguments: [
        "rest.moceanapi.com", "ftp://x.com", "https://", "https://:80", "https://user:pw@x.com", "https://x.com/?a=1",
        "https://x.com/#f", "https://x .com",
    ])
    func refusesUnusableGatewayURLs(_ url: String) {
        let error = #expect(throws: ValidationError.self) { try AccountValidation.gatewayURL(url) }
        #expect(error?.field == "gatewayUrl")
    }

    @Test func trimsCredentialsAndNeverRepeatsThemInAReason() throws {
        #expect(try AccountValidation.credential(field: "apiSecret")("  s3cr3t-value\n") == "s3cr3t-value")
        let error = #expect(throws: ValidationError.self) {
            try AccountValidation.credential(field: "apiSecret")("half secret")
        }
        #expect(error?.reason.contains("half") == false)
        #expect(throws: ValidationError.self) { try AccountValidation.credential(field: "apiKey")("   ") }
    }

    @Test func anUpdateChangesOnlyWhatItGivesAndClearsOnNull() throws {
        var settings = AccountSettings.initial(store: .first, now: .init(timeIntervalSince1970: 0))
        settings.apiKey = "key"
        settings.sender = "Old"
        settings.currency = "EUR"
        var update = AccountUpdate()
        update.sender = .set("New")
        update.adminCountry = .set("sg")
        let changed = try update.applied(to: settings)
        #expect(changed.apiKey == "key" && changed.sender == "New" && changed.adminCountry == "SG")
        #expect(changed.currency == "EUR", "the currency stays while the gateway access is unchanged")
        var clearing = AccountUpdate()
        clearing.apiKey = .clear
        clearing.gatewayURL = .clear
        let cleared = try clearing.applied(to: changed)
        #expect(cleared.apiKey == nil && cleared.gatewayURL == AccountSettings.defaultGatewayURL)
        #expect(cleared.currency == nil, "new credentials may have another currency")
    }
}

@Suite struct GatewayAccessTests {
    @Test(arguments: [
        "http://rest.moceanapi.com", "http://10.0.0.5:8080", "http://example.com/", "http://127.attacker.example",
        "http://127.0.0.1.nip.io:8025",
    ])
    func refusesPlainHTTPToAnotherMachine(_ url: String) {
        let error = #expect(throws: ValidationError.self) { try AccountValidation.gatewayURL(url) }
        #expect(error?.reason.contains("unencrypted") == true)
    }

    @Test(arguments: ["http://127.0.0.1:8025", "http://localhost:8025", "http://[::1]:8025", "https://gw.example.com"])
    func acceptsHTTPSAndLocalHTTP(_ url: String) throws {
        #expect(try AccountValidation.gatewayURL(url) == url)
    }

    @Test(arguments: ["https://x.com:0", "https://x.com:99999", "https://x.com:abc"])
    func refusesBadPorts(_ url: String) {
        #expect(throws: ValidationError.self) { try AccountValidation.gatewayURL(url) }
    }

    @Test func refusesControlCharactersInCredentials() {
        #expect(throws: ValidationError.self) { try AccountValidation.credential(field: "apiToken")("tok\u{0}en") }
        #expect(throws: ValidationError.self) { try AccountValidation.credential(field: "apiToken")("tök") }
    }

    @Test func storedCredentialsNeverFollowANewGatewayAlone() throws {
        var settings = AccountSettings.initial(store: .first, now: .init(timeIntervalSince1970: 0))
        settings.apiKey = "key"
        settings.apiSecret = "secret"
        var redirect = AccountUpdate()
        redirect.gatewayURL = .set("https://attacker.example")
        let error = #expect(throws: ValidationError.self) { try redirect.applied(to: settings) }
        #expect(error?.field == "gatewayUrl")
        redirect.apiToken = .set("token-given-with-it")
        #expect(throws: Never.self) { try redirect.applied(to: settings) }
    }

    @Test func storedCredentialsNeverFollowAResetToThePublicGateway() throws {
        var settings = AccountSettings.initial(store: .first, now: .init(timeIntervalSince1970: 0))
        settings.apiKey = "key"
        settings.apiSecret = "sandbox-secret"
        settings.gatewayURL = "http://127.0.0.1:8025"
        var back = AccountUpdate()
        back.gatewayURL = .clear
        let error = #expect(throws: ValidationError.self) { try back.applied(to: settings) }
        #expect(error?.field == "gatewayUrl")
        #expect(error?.reason.contains("null") == true)
        var keyOnly = back
        keyOnly.apiKey = .set("other-key")
        #expect(throws: ValidationError.self, "the stored secret would still go") { try keyOnly.applied(to: settings) }
        var withCredentials = back
        withCredentials.apiKey = .set("live-key")
        withCredentials.apiSecret = .set("live-secret")
        #expect(try withCredentials.applied(to: settings).gatewayURL == AccountSettings.defaultGatewayURL)
        var forgetting = back
        forgetting.apiSecret = .clear
        #expect(throws: Never.self, "nothing secret is left to send") { try forgetting.applied(to: settings) }
    }
}
