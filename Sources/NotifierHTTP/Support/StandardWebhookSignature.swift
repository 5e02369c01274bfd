import Crypto
import Foundation

/// The Standard Webhooks scheme the store signs its deliveries with: `webhook-signature` holds one or more
/// space-separated `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`; the key is the
/// store app's client secret. HMAC from swift-crypto; signatures compared in constant time.
///
/// A delivery may carry several `webhook-signature` lines: every signature of every line is tried, so the
/// answer never depends on their order. `webhook-id` and `webhook-timestamp` must come once.
struct StandardWebhookSignature: Sendable {
    /// Why a delivery's signature is refused.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case missingHeaders([String])
        case repeatedHeader(String)
        case badTimestamp(String)
        case outsideTolerance(seconds: Int64, tolerance: Int64)
        case noMatch

        var description: String {
            switch self {
            case .missingHeaders(let names):
                "missing header\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))"
            case .repeatedHeader(let name): "\(name) comes more than once (give it once)"
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
    /// - Parameters:
    ///   - ids: each `webhook-id` line; `timestamps`: each `webhook-timestamp` line; `signatures`: each
    ///     `webhook-signature` line.
    /// - Throws: ``Failure`` saying what is wrong.
    func verify(ids: [String], timestamps: [String], signatures: [String], body: some DataProtocol, now: Date)
        throws(Failure)
    {
        let lines = [("webhook-id", ids), ("webhook-timestamp", timestamps), ("webhook-signature", signatures)]
        let missing = lines.filter { $0.1.allSatisfy(\.isEmpty) }.map(\.0)
        guard missing.isEmpty else { throw .missingHeaders(missing) }
        if let repeated = lines.prefix(2).first(where: { $0.1.count > 1 }) { throw .repeatedHeader(repeated.0) }
        let id = ids[0]
        let timestamp = timestamps[0]
        guard let seconds = Int64(timestamp), timestamp.count <= 12 else { throw .badTimestamp(timestamp) }
        let distance = abs(Int64(now.timeIntervalSince1970.rounded()) - seconds)
        guard distance <= tolerance.components.seconds else {
            throw .outsideTolerance(seconds: distance, tolerance: tolerance.components.seconds)
        }
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        let expected = Array(mac.finalize())
        // A proxy may fold repeated lines into one, joined with ", ": a signature's trailing comma is dropped.
        for candidate in signatures.flatMap({ $0.split(separator: " ") }) {
            let parts = (candidate.hasSuffix(",") ? candidate.dropLast() : candidate[...])
                .split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else {
                continue
            }
            if SecretComparison.equal(Array(given), expected) { return }
        }
        throw .noMatch
    }
}
