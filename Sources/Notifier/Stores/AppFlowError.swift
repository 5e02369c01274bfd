import BigCommerceAPI

/// Why a step of the app's flow (install, load, uninstall, remove_user) was refused.
///
/// ``publicMessage`` is what the merchant's page or BigCommerce is told: what to do, nothing an attacker could
/// use. ``logMessage`` says exactly why, for the service's log; neither ever holds a code, token or secret.
public struct AppFlowError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The service has no app client id and secret (`app.set`).
        case notConfigured
        /// A parameter is missing or not of BigCommerce's shape.
        case badRequest
        /// The install's code was refused: by the login service, or because it was already presented.
        case codeRefused
        /// The login service cannot be reached now; the merchant may try again.
        case loginUnavailable
        /// The signed payload was refused (signature, audience, issuer, time, subject), or was presented before.
        case payloadRefused
        /// The payload is for a store the app is not installed in.
        case unknownStore
    }

    public let kind: Kind
    public let logMessage: String

    public init(_ kind: Kind, log: String) {
        self.kind = kind
        self.logMessage = log
    }

    /// The words for the page or the callback's answer.
    public var publicMessage: String {
        switch kind {
        case .notConfigured:
            "This service is not set up to take installs yet: its operator must set the app's credentials."
        case .badRequest: "The request is not one BigCommerce makes: open the app from your store's control panel."
        case .codeRefused:
            "The install could not be completed: its authorization was refused. Start the install again from your "
                + "store's control panel."
        case .loginUnavailable: "BigCommerce could not be reached to complete the install: try again in a minute."
        case .payloadRefused, .unknownStore:
            "This link is not valid: open the app again from your store's control panel."
        }
    }

    public var description: String { "\(kind.rawValue): \(logMessage)" }
}
