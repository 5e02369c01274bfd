extension SandboxConfiguration {
    /// The BigCommerce app the sandbox's login service knows from the start, as `--app-client-id`,
    /// `--app-client-secret-file` and `--app-url` give it; `POST /sandbox/apps` registers it (or another)
    /// while running.
    ///
    /// Its description leaves out the secret, so it is safe to log.
    public struct AppSettings: Sendable, Equatable, CustomStringConvertible {
        /// The app's client id: the `aud` of its signed payloads.
        public var clientId: String
        /// The app's client secret: signs its payloads and the webhooks of the stores it is installed on.
        public var clientSecret: String
        /// The service's base URL, e.g. `http://127.0.0.1:8080`; its callbacks are under `/bigcommerce/`.
        public var appURL: String

        /// The app `clientId` with `clientSecret`, its callbacks under `appURL`; checked by
        /// ``SandboxConfiguration/validate()``.
        public init(clientId: String, clientSecret: String, appURL: String) {
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.appURL = appURL
        }

        /// `AppSettings(clientId: ..., appURL: ...)`.
        public var description: String { "AppSettings(clientId: \(clientId), appURL: \(appURL))" }

        /// The app as the login service keeps it.
        ///
        /// - Throws: ``SandboxConfigurationError`` naming the flag whose value cannot be taken.
        func registered() throws(SandboxConfigurationError) -> RegisteredApp {
            do throws(ControlInputError) {
                return try RegisteredApp(clientId: clientId, clientSecret: clientSecret, appURL: appURL)
            } catch {
                let flag =
                    switch error.field {
                    case "clientId": "--app-client-id"
                    case "clientSecret": "--app-client-secret-file"
                    default: "--app-url"
                    }
                throw SandboxConfigurationError("\(flag): \(error.message)")
            }
        }
    }
}
