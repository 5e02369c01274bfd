import HostAddress

/// The one BigCommerce app the sandbox knows: its client id and secret, and the base URL its callbacks hang
/// from (`/bigcommerce/auth`, `/load`, `/uninstall`, `/remove_user`).
///
/// Its description leaves out the secret, so it is safe to log.
struct RegisteredApp: Sendable, Equatable, CustomStringConvertible {
    let clientId: String
    /// Signs the payloads of the load, uninstall and remove_user callbacks and the webhooks of the stores it is
    /// installed on; proves the app in the token exchange.
    let clientSecret: String
    /// The service's base URL, e.g. `http://127.0.0.1:8080`, without a trailing slash.
    let appURL: String

    /// The auth callback, and the `redirect_uri` a token exchange must give.
    var authCallback: String { appURL + "/bigcommerce/auth" }
    /// The load callback, which the control panel's iframe opens.
    var loadCallback: String { appURL + "/bigcommerce/load" }
    /// The uninstall callback, which BigCommerce's servers call.
    var uninstallCallback: String { appURL + "/bigcommerce/uninstall" }
    /// The remove_user callback, which BigCommerce's servers call.
    var removeUserCallback: String { appURL + "/bigcommerce/remove_user" }

    /// `RegisteredApp(clientId: ..., appUrl: ...)`.
    var description: String { "RegisteredApp(clientId: \(clientId), appUrl: \(appURL))" }

    /// The app as `GET /sandbox/apps` shows it: everything but the secret.
    var wireValue: WireValue {
        .object([
            ("clientId", .string(clientId)), ("appUrl", .string(appURL)),
            (
                "callbacks",
                .object([
                    ("auth", .string(authCallback)), ("load", .string(loadCallback)),
                    ("uninstall", .string(uninstallCallback)), ("removeUser", .string(removeUserCallback)),
                ])
            ),
        ])
    }

    /// Checks the three values, as `POST /sandbox/apps` and the command-line flags give them.
    ///
    /// - Throws: ``ControlInputError`` naming the field (`clientId`, `clientSecret` or `appUrl`).
    init(clientId: String, clientSecret: String, appURL: String) throws(ControlInputError) {
        guard (1...256).contains(clientId.utf8.count),
            clientId.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            throw ControlInputError(field: "clientId", "\"clientId\" must be 1 to 256 printable ASCII characters")
        }
        guard (1...1024).contains(clientSecret.utf8.count),
            clientSecret.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        else {
            throw ControlInputError(field: "clientSecret", "\"clientSecret\" must be 1 to 1024 bytes on one line")
        }
        var base = appURL
        while base.hasSuffix("/") { base.removeLast() }
        if let problem = Self.problem(ofAppURL: base) {
            throw ControlInputError(field: "appUrl", problem)
        }
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.appURL = base
    }

    /// Why `text` cannot be the app's base URL, or nil when it can: `https://` anywhere, or `http://` to a
    /// loopback address (the sandbox sends signed payloads in the clear to this machine only); no query,
    /// fragment or user info.
    private static func problem(ofAppURL text: String) -> String? {
        guard text.utf8.count <= 1024, let url = HTTPURL(text), !url.hasUserInfo,
            !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" })
        else {
            return "\"appUrl\" must be the service's base URL, such as http://127.0.0.1:8080, without a query"
        }
        guard url.scheme == "https" || HostAddress.isLoopback(url.host) else {
            return "\"appUrl\" must be https://, or http:// to a loopback address such as 127.0.0.1"
        }
        return nil
    }
}
