import Crypto
import Foundation
import JWTKit

/// BigCommerce's signed payload claims, as an app decodes and checks them with JWTKit: the signature, then
/// `exp`, `nbf`, `aud` (the app's client id) and `iss` ("bc").
struct BigCommerceClaims: JWTPayload {
    /// A payload's `user` or `owner`.
    struct User: Codable, Sendable, Equatable {
        var id: Int
        var email: String
        var locale: String?
    }

    var aud: AudienceClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var sub: SubjectClaim
    var user: User
    var owner: User
    var url: String
    var channelId: Int?

    /// The claims' names, `channel_id` in snake case.
    enum CodingKeys: String, CodingKey {
        case aud, iss, iat, nbf, exp, jti, sub, user, owner, url
        case channelId = "channel_id"
    }

    /// The checks an app makes once the signature verifies.
    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
        try aud.verifyIntendedAudience(includes: AppStandIn.clientId)
        guard iss.value == "bc" else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "not bc") }
    }
}

/// Checks a signed payload as an app would.
enum SignedPayloadCheck {
    /// The claims of `jwt`, once its signature verifies with `secret` under `digest` and its claims pass.
    ///
    /// - Throws: JWTKit's error when the signature or a claim fails.
    static func verify(
        _ jwt: String, secret: String = AppStandIn.clientSecret, digest: DigestAlgorithm = .sha256
    ) async throws -> BigCommerceClaims {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: digest)
        return try await keys.verify(jwt, as: BigCommerceClaims.self)
    }

    /// Whether `jwt`'s signature is the HMAC of its first two parts under `secret` with `algorithm` (`HS256`,
    /// `HS384` or `HS512`), computed with swift-crypto, which takes keys of any length.
    static func isSigned(_ jwt: String, with secret: String, algorithm: String) -> Bool {
        guard let dot = jwt.lastIndex(of: ".") else { return false }
        let input = Data(jwt[..<dot].utf8)
        let key = SymmetricKey(data: Data(secret.utf8))
        let code: Data =
            switch algorithm {
            case "HS384": Data(HMAC<SHA384>.authenticationCode(for: input, using: key))
            case "HS512": Data(HMAC<SHA512>.authenticationCode(for: input, using: key))
            default: Data(HMAC<SHA256>.authenticationCode(for: input, using: key))
            }
        return Array(code) == decodeBase64URL(jwt[jwt.index(after: dot)...])
    }

    /// The claims of `jwt` as written, read without checking anything.
    static func claims(_ jwt: String) throws -> TestJSON {
        try TestJSON.parse(part(1, of: jwt))
    }

    /// The header of `jwt` as written.
    static func header(_ jwt: String) throws -> TestJSON {
        try TestJSON.parse(part(0, of: jwt))
    }

    /// Part `index` of the three, base64url-decoded.
    private static func part(_ index: Int, of jwt: String) -> [UInt8] {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return [] }
        return decodeBase64URL(parts[index])
    }

    /// Base64url without padding, decoded; empty when it is not base64url.
    private static func decodeBase64URL(_ encoded: Substring) -> [UInt8] {
        var text = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Array(Data(base64Encoded: text) ?? Data())
    }
}
