import MoceanSandbox
import Testing

/// What the sandbox refuses to start with, and why.
@Suite struct ConfigurationTests {
    @Test func theDefaultsAreValid() throws {
        try SandboxConfiguration().validate()
        #expect(SandboxConfiguration().credentials == .defaults)
        #expect(SandboxConfiguration().balance == 6.4448)
    }

    @Test(arguments: [
        ("0.0.0.0", "refusing to listen on 0.0.0.0"), ("192.168.1.5", "for this machine only"),
        ("example.com", "--host 127.0.0.1"),
    ])
    func onlyLoopbackHostsAreAllowed(host: String, message: String) {
        #expect(SandboxConfiguration.isLoopback("127.0.0.1"))
        #expect(SandboxConfiguration.isLoopback("::1"))
        #expect(SandboxConfiguration.isLoopback("localhost"))
        #expect(throws: SandboxConfigurationError.self) {
            try SandboxConfiguration(host: host).validate()
        }
        do {
            try SandboxConfiguration(host: host).validate()
        } catch {
            #expect(error.description.contains(message))
        }
    }

    @Test(arguments: [
        (SandboxConfiguration.Credentials(apiKey: "k"), "--api-key needs --api-secret"),
        (SandboxConfiguration.Credentials(apiSecret: "s"), "--api-secret needs --api-key"),
        (SandboxConfiguration.Credentials(), "no credentials"),
        (SandboxConfiguration.Credentials(apiToken: ""), "--api-token is empty"),
    ])
    func credentialsMustFormAPairOrAToken(credentials: SandboxConfiguration.Credentials, message: String) {
        #expect(throws: SandboxConfigurationError.self) { try credentials.validate() }
        do {
            try credentials.validate()
        } catch {
            #expect(error.description.contains(message))
        }
    }

    @Test func credentialsNeverShowTheirSecrets() {
        let credentials = SandboxConfiguration.Credentials(apiKey: "key", apiSecret: "s3cret", apiToken: "t0ken")
        let shown = "\(credentials) \(SandboxConfiguration(credentials: credentials))"
        #expect(!shown.contains("s3cret") && !shown.contains("t0ken"))
        let server = SandboxServer(
            configuration: SandboxConfiguration(credentials: credentials), logger: .init(label: "x"))
        #expect(!"\(server)".contains("s3cret"))
    }

    @Test(arguments: [
        (FaultSettings(latencyMilliseconds: 60_001), "--latency-ms"),
        (FaultSettings(failShare: -0.1), "--fail-share"),
        (FaultSettings(httpErrorShare: 2), "--http-error-share"),
        (FaultSettings(dropShare: .nan), "--drop-share"),
        (FaultSettings(failStatus: 3), "--fail-status"),
        (FaultSettings(httpErrorCode: 200), "--http-error-code"),
    ])
    func faultSettingsStayInRange(faults: FaultSettings, flag: String) {
        do {
            try faults.validate()
            Issue.record("\(faults) was accepted")
        } catch {
            #expect(error.description.hasPrefix(flag))
        }
    }

    @Test func storeSettingsStayInRangeAndHideTheirSecrets() {
        var store = SandboxConfiguration.StoreSettings()
        #expect(store.clientSecret == "sandbox-client-secret")
        #expect(store.webhookRetryScale == 1.0 / 600)
        store.clientSecret = "cl1ent-s3cret"
        store.token = "t0ken"
        let shown = "\(store) \(SandboxConfiguration(host: "127.0.0.1"))"
        #expect(!shown.contains("cl1ent-s3cret") && !shown.contains("t0ken"))
        for (change, flag) in [
            ({ (store: inout SandboxConfiguration.StoreSettings) in store.clientSecret = "" }, "--store-client-secret"),
            ({ $0.webhookRetryScale = 2 }, "--store-webhook-retry-scale"),
            ({ $0.webhookRetryScale = .nan }, "--store-webhook-retry-scale"),
            ({ $0.hash = "no-dashes" }, "--store-hash"),
            ({ $0.quota = 0 }, "--store-quota"),
        ] {
            var configuration = SandboxConfiguration()
            change(&configuration.store)
            do {
                try configuration.validate()
                Issue.record("\(flag) was accepted")
            } catch {
                #expect(error.description.hasPrefix(flag))
            }
        }
    }

    @Test func theAppGivenAtStartIsCheckedAndHidesItsSecret() {
        var configuration = SandboxConfiguration()
        configuration.app = .init(clientId: "cid", clientSecret: "cl1ent-s3cret", appURL: "http://127.0.0.1:8080")
        #expect(throws: Never.self) { try configuration.validate() }
        #expect(!"\(configuration)".contains("cl1ent-s3cret"))
        #expect("\(configuration.app.map(String.init(describing:)) ?? "")".contains("cid"))
        for (app, flag) in [
            (
                SandboxConfiguration.AppSettings(clientId: "", clientSecret: "s", appURL: "https://a.example"),
                "--app-client-id"
            ),
            (.init(clientId: "c", clientSecret: "", appURL: "https://a.example"), "--app-client-secret-file"),
            (.init(clientId: "c", clientSecret: "s", appURL: "http://a.example"), "--app-url"),
            (.init(clientId: "c", clientSecret: "s", appURL: "not a url"), "--app-url"),
        ] {
            configuration.app = app
            do {
                try configuration.validate()
                Issue.record("\(flag) was accepted")
            } catch {
                #expect(error.description.hasPrefix(flag))
            }
        }
        configuration.app = nil
        configuration.authorizationCodeLifetime = .zero
        #expect(throws: SandboxConfigurationError.self) { try configuration.validate() }
    }

    @Test func otherSettingsStayInRange() {
        let invalid = [
            SandboxConfiguration(port: 70_000), SandboxConfiguration(balance: -1),
            SandboxConfiguration(currency: "eur"),
            SandboxConfiguration(pricePerPart: .infinity), SandboxConfiguration(deliveryReportDelayMilliseconds: -1),
        ]
        for configuration in invalid {
            #expect(throws: SandboxConfigurationError.self) { try configuration.validate() }
        }
    }
}
