import ArgumentParser
import Foundation
import Logging
import MoceanSandbox
import ServiceLifecycle

/// `mocean-notify sandbox`: a local stand-in for the MoceanAPI gateway, for tests and benchmarks.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local MoceanAPI sandbox: the gateway's REST API on loopback, sending nothing.",
        discussion: """
            Serves POST /rest/2/sms, GET /rest/2/account/balance, GET /rest/2/account/pricing and \
            GET /rest/2/report/message as MoceanAPI does, records every accepted message, posts delivery \
            reports to mocean-dlr-url, and injects the faults asked for. Its own paths: GET and DELETE \
            /sandbox/messages, GET /sandbox/stats, GET and POST /sandbox/faults (a JSON object with latencyMs, \
            failShare, failStatus, httpErrorShare, httpErrorCode, dropShare, seed). Without credentials it \
            accepts the key sandbox-key with the secret sandbox-secret. It plays a BigCommerce store too, at \
            /stores/HASH/... (X-Auth-Token): orders, shipments, refunds, messages, carts, customers, and \
            webhook registrations at /v3/hooks. POST /sandbox/store/orders creates an order and fires \
            store/order/created; POST /sandbox/store/events fires any store event ({"scope", "data"}); each \
            active hook of the scope gets it signed as Standard Webhooks with --store-client-secret, retried on \
            BigCommerce's schedule times --store-webhook-retry-scale; GET /sandbox/store/webhooks counts them. \
            It plays BigCommerce's login service and any number of stores too: POST /sandbox/apps registers the \
            app (or --app-client-id, --app-client-secret-file, --app-url), POST /sandbox/apps/install installs \
            it on a store (calling APP_URL/bigcommerce/auth with a code that POST /oauth2/token exchanges once), \
            POST /sandbox/apps/load, /uninstall and /remove_user sign the payloads of the other callbacks; each \
            installed store answers at /stores/HASH/... to its own token, and the control paths take "store". \
            POST /sandbox/accounts adds gateway accounts. SIGINT or SIGTERM stops it (exit 0).
            """
    )

    @Option(name: .long, help: "Host to bind: a loopback address only.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one, which is logged.")
    var port = 0

    @Option(name: .long, help: "API key accepted with --api-secret (mocean-api-key).")
    var apiKey: String?

    @Option(name: .long, help: "API secret accepted with --api-key (mocean-api-secret).")
    var apiSecret: String?

    @Option(name: .long, help: "API token accepted as `Authorization: Bearer TOKEN`.")
    var apiToken: String?

    @Option(name: .long, help: "The store's hash the sandbox answers for at /stores/HASH/... (it plays the store too).")
    var storeHash = "sandbox"

    @Option(name: .long, help: "The X-Auth-Token the sandbox's store accepts.")
    var storeToken = "sandbox-store-token"

    @Option(name: .long, help: "How many customers the sandbox's store has (orders 100 and up follow from them).")
    var storeCustomers = 200

    @Option(
        name: .long, help: "Store API requests allowed per 30 s (BigCommerce's Standard plan: 150); 0 for no quota.")
    var storeQuota = 0

    @Option(name: .long, help: "The store app's client secret, which signs the webhooks the store sends.")
    var storeClientSecret = "sandbox-client-secret"

    @Option(
        name: .long,
        help: "Multiplies BigCommerce's webhook retry schedule (60 s to 24 h): 1/600 makes 60 s 0.1 s; 1 is real time.")
    var storeWebhookRetryScale = 1.0 / 600

    @Option(
        name: .long, help: "The BigCommerce app's client id the sandbox's login service knows (with the two below).")
    var appClientId: String?

    @Option(name: .long, help: "A file holding the app's client secret (one line), which signs its payloads.")
    var appClientSecretFile: String?

    @Option(name: .long, help: "The service's base URL, e.g. http://127.0.0.1:8080, whose /bigcommerce/... are called.")
    var appUrl: String?

    @Option(name: .long, help: "Account balance at start.")
    var balance = 6.4448

    @Option(name: .long, help: "Account currency, shown by the pricing endpoint.")
    var currency = "EUR"

    @Option(name: .long, help: "Price of one SMS part.")
    var price = 0.05

    @Option(name: .long, help: "Delay every gateway answer by this many milliseconds (0 to 60000).")
    var latencyMs = 0

    @Option(name: .long, help: "Share of gateway requests (0 to 1) answered with the --fail-status error.")
    var failShare = 0.0

    @Option(name: .long, help: "MoceanAPI status of injected errors, e.g. 32 throttled (HTTP 429), 45 system error.")
    var failStatus = 45

    @Option(name: .long, help: "Share of gateway requests (0 to 1) answered with the bare HTTP --http-error-code.")
    var httpErrorShare = 0.0

    @Option(name: .long, help: "HTTP status of injected HTTP errors (400 to 599).")
    var httpErrorCode = 503

    @Option(name: .long, help: "Share of gateway requests (0 to 1) whose connection closes without an answer.")
    var dropShare = 0.0

    @Option(name: .long, help: "Milliseconds from an accepted send to its delivery (0 to 3600000).")
    var dlrDelayMs = 500

    @Option(name: .long, help: "Seed of the fault generator, for runs that repeat exactly (default: random).")
    var seed: UInt64?

    @Option(name: .long, help: "Log level on stderr; debug shows each delivery report attempt.")
    var logLevel: Logger.Level = .info

    /// Checks the store's flags.
    private func validateStore() throws {
        guard storeHash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !storeHash.isEmpty else {
            throw ValidationError("--store-hash \(storeHash) must be letters and digits")
        }
        guard !storeToken.isEmpty else { throw ValidationError("--store-token must not be empty") }
        guard (0...10_000_000).contains(storeCustomers) else {
            throw ValidationError("--store-customers \(storeCustomers) is out of range: give 0 to 10000000")
        }
        guard (0...1_000_000).contains(storeQuota) else {
            throw ValidationError("--store-quota \(storeQuota) is out of range: give 0 (no quota) to 1000000")
        }
    }

    /// The app the three `--app-...` flags give, its secret read from its file; nil when none is given.
    ///
    /// - Throws: `ValidationError` when only some are given or the file cannot be read.
    private func appSettings() throws -> SandboxConfiguration.AppSettings? {
        guard appClientId != nil || appClientSecretFile != nil || appUrl != nil else { return nil }
        guard let appClientId, let appClientSecretFile, let appUrl else {
            throw ValidationError("--app-client-id, --app-client-secret-file and --app-url go together: give all three")
        }
        guard let data = FileManager.default.contents(atPath: appClientSecretFile) else {
            throw ValidationError("--app-client-secret-file \(appClientSecretFile) cannot be read")
        }
        var secret = String(decoding: data, as: UTF8.self)
        while let last = secret.last, last.isNewline || last == " " || last == "\t" { secret.removeLast() }
        return SandboxConfiguration.AppSettings(clientId: appClientId, clientSecret: secret, appURL: appUrl)
    }

    /// The settings the flags give, with the default credentials when none were given.
    var sandboxConfiguration: SandboxConfiguration {
        let credentials =
            apiKey == nil && apiSecret == nil && apiToken == nil
            ? SandboxConfiguration.Credentials.defaults
            : SandboxConfiguration.Credentials(apiKey: apiKey, apiSecret: apiSecret, apiToken: apiToken)
        var configuration = SandboxConfiguration(
            host: host, port: port, credentials: credentials, balance: balance, currency: currency,
            pricePerPart: price,
            faults: FaultSettings(
                latencyMilliseconds: latencyMs, failShare: failShare, failStatus: failStatus,
                httpErrorShare: httpErrorShare, httpErrorCode: httpErrorCode, dropShare: dropShare),
            deliveryReportDelayMilliseconds: dlrDelayMs, seed: seed)
        configuration.store.hash = storeHash
        configuration.store.token = storeToken
        configuration.store.customers = storeCustomers
        configuration.store.quota = storeQuota == 0 ? nil : storeQuota
        configuration.store.clientSecret = storeClientSecret
        configuration.store.webhookRetryScale = storeWebhookRetryScale
        return configuration
    }

    func validate() throws {
        try validateStore()
        var configuration = sandboxConfiguration
        configuration.app = try appSettings()
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        ProcessSetup.ensureStandardDescriptors()
        ProcessSetup.ignoreBrokenPipes()
        ProcessSetup.bootstrapLogging(level: logLevel)
        let logger = Logger(label: "mocean-sandbox")
        var configuration = sandboxConfiguration
        configuration.app = try appSettings()
        if let app = configuration.app {
            logger.info("app \(app.clientId) registered, its callbacks under \(app.appURL)")
        }
        if apiKey == nil && apiSecret == nil && apiToken == nil {
            logger.info("no credentials given: accepting the API key sandbox-key with the default secret (see --help)")
        } else {
            let forms = [
                configuration.credentials.apiKey.map { "the API key \($0) with its secret" },
                configuration.credentials.apiToken.map { _ in "a bearer token" },
            ].compactMap { $0 }
            logger.info("accepting \(forms.joined(separator: " or "))")
        }
        if let seed { logger.info("fault seed \(seed)") }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: SandboxServer(configuration: configuration, logger: logger),
                    successTerminationBehavior: .gracefullyShutdownGroup)
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
