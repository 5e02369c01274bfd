import Crypto
import Foundation

/// Standard Webhooks' signature, as BigCommerce signs its deliveries: `v1,` and the base64 of
/// HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>"), the key being the app's client secret (its
/// UTF-8 bytes).
struct WebhookSignature: Sendable {
    private let key: SymmetricKey

    init(clientSecret: String) {
        key = SymmetricKey(data: Data(clientSecret.utf8))
    }

    /// The `webhook-signature` header of one attempt.
    func sign(messageId: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Data("\(messageId).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "v1," + Data(code).base64EncodedString()
    }
}
