import Crypto
import Foundation

/// The Standard Webhooks scheme the store signs its deliveries with: `webhook-signature` holds one or more
/// space-separated `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`; the key is the
/// store app's client secret. HMAC from swift-crypto; signatures compared in constant time.
struct StandardWebhookSignature: Sendable {
    /// Why a delivery's signature is refused.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case missingHeaders([String])
        case badTimestamp(String)
        case outsideTolerance(seconds: Int64, tolerance: Int64)
        case noMatch

        var description: String {
            switch self {
            case .missingHeaders(let names):
                "missing header\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))"
            case .badTimestamp(let text): "webhook-timestamp \"\(text.prefix(40))\" is not Unix seconds"
            case .outsideTolerance(let seconds, let tolerance):
                "webhook-timestamp is \(seconds) s away from now (at most \(tolerance) s is accepted: a replay?)"
            case .noMatch: "no v1 signature in webhook-signature matches the body with the store's client secret"
            }
        }
    }

    let key: SymmetricKey
    /// How far the timestamp may be from now.
    let tolerance: Duration

    init(secret: String, tolerance: Duration) {
        // Standard Webhooks keys may be given as `whsec_<base64>`; BigCommerce's client secret is used as is.
        if secret.hasPrefix("whsec_"), let decoded = Data(base64Encoded: String(secret.dropFirst(6))) {
            key = SymmetricKey(data: decoded)
        } else {
            key = SymmetricKey(data: Array(secret.utf8))
        }
        self.tolerance = tolerance
    }

    /// Checks the headers against `body`.
    ///
    /// - Throws: ``Failure`` saying what is wrong.
    func verify(id: String?, timestamp: String?, signature: String?, body: some DataProtocol, now: Date) throws(Failure)
    {
        let missing = [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)]
            .filter { $0.1 == nil || $0.1?.isEmpty == true }.map(\.0)
        guard missing.isEmpty, let id, let timestamp, let signature else { throw .missingHeaders(missing) }
        guard let seconds = Int64(timestamp), timestamp.count <= 12 else { throw .badTimestamp(timestamp) }
        let distance = abs(Int64(now.timeIntervalSince1970.rounded()) - seconds)
        guard distance <= tolerance.components.seconds else {
            throw .outsideTolerance(seconds: distance, tolerance: tolerance.components.seconds)
        }
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        let expected = Array(mac.finalize())
        for candidate in signature.split(separator: " ") {
            let parts = candidate.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else {
                continue
            }
            if SecretComparison.equal(Array(given), expected) { return }
        }
        throw .noMatch
    }
}
