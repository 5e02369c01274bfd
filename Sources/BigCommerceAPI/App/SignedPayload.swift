import Crypto
import Foundation
import JWTKit

/// What a callback's `signed_payload_jwt` says, once verified: which store, which user, when.
public struct SignedPayload: Sendable, Equatable {
    /// The store's hash, in lower case (from `sub`, `stores/{hash}`).
    public let storeHash: String
    /// The user who opened the app (load), or who was removed (remove_user); the owner on uninstall.
    public let user: AppUser
    public let owner: AppUser?
    /// The token's id (`jti`): a load's token is taken once.
    public let tokenID: String?
    /// When it became valid (`nbf`): when BigCommerce signed it.
    public let notBefore: Date
    /// When it stops being valid (`exp`).
    public let expiresAt: Date
    /// The app's page the control panel asked for (`url`), if any.
    public let url: String?
}

/// Why a signed payload was refused. The reason is for the log; the caller answers without it.
public struct SignedPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// Not three base64url parts of JSON, or a claim of the wrong type.
        case malformed
        /// Another algorithm than HS256.
        case algorithm
        /// The signature is not the app's client secret's.
        case signature
        /// `aud` is not the app's client id.
        case audience
        /// `iss` is not "bc".
        case issuer
        /// `exp` has passed.
        case expired
        /// `nbf` is still to come.
        case notYetValid
        /// `sub` is not `stores/{hash}`.
        case subject
    }

    public let reason: Reason

    public init(reason: Reason) {
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .malformed: "the signed payload is not a well-formed JWT with BigCommerce's claims"
        case .algorithm: "the signed payload is not signed with HS256"
        case .signature: "the signed payload's signature is not the app's"
        case .audience: "the signed payload is for another app (aud)"
        case .issuer: "the signed payload was not issued by BigCommerce (iss)"
        case .expired: "the signed payload has expired (exp)"
        case .notYetValid: "the signed payload is not valid yet (nbf)"
        case .subject: "the signed payload names no store (sub)"
        }
    }
}

/// Verifies the `signed_payload_jwt` of the app's load, uninstall and remove_user callbacks: HS256 with the
/// app's client secret (no other algorithm), `aud` the app's client id, `iss` "bc", within `nbf` and `exp`
/// (with ``leeway`` for the clocks' difference), and `sub` a store.
public struct SignedPayloadVerifier: Sendable {
    private let credentials: AppCredentials
    /// How far the clocks of BigCommerce and the service may differ.
    public static let leeway: TimeInterval = 30

    public init(credentials: AppCredentials) {
        self.credentials = credentials
    }

    /// The payload of `token`, verified at `now`.
    ///
    /// - Throws: ``SignedPayloadError``.
    public func verify(_ token: String, now: Date) throws(SignedPayloadError) -> SignedPayload {
        guard token.utf8.count <= 8192, let header = Self.header(of: token) else {
            throw SignedPayloadError(reason: .malformed)
        }
        guard header.alg == "HS256" else { throw SignedPayloadError(reason: .algorithm) }
        // The signature is checked here (HMAC-SHA256, compared in constant time), so that a client secret of any
        // length works: JWTKit's HMAC signer insists on keys at least as long as the hash.
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard let signature = Base64URL.decode(parts[2]) else { throw SignedPayloadError(reason: .malformed) }
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count)),
                using: SymmetricKey(data: Array(credentials.clientSecret.utf8)))
        else { throw SignedPayloadError(reason: .signature) }
        let claims: Claims
        do {
            claims = try DefaultJWTParser().parse(Array(token.utf8), as: Claims.self).payload
        } catch {
            throw SignedPayloadError(reason: .malformed)
        }
        guard claims.aud.value.contains(credentials.clientID) else { throw SignedPayloadError(reason: .audience) }
        guard claims.iss.value == "bc" else { throw SignedPayloadError(reason: .issuer) }
        guard now.timeIntervalSince(claims.exp.value) < Self.leeway else { throw SignedPayloadError(reason: .expired) }
        guard claims.nbf.value.timeIntervalSince(now) < Self.leeway else {
            throw SignedPayloadError(reason: .notYetValid)
        }
        guard let hash = AppContext.storeHash(claims.sub.value) else { throw SignedPayloadError(reason: .subject) }
        guard let user = claims.user.appUser else { throw SignedPayloadError(reason: .malformed) }
        return SignedPayload(
            storeHash: hash, user: user, owner: claims.owner?.appUser, tokenID: claims.jti?.value,
            notBefore: claims.nbf.value, expiresAt: claims.exp.value, url: claims.url)
    }

    /// The JOSE header's fields this verifier reads.
    struct Header: Decodable {
        let alg: String?
    }

    /// The header of a three-part token, decoded.
    static func header(of token: String) -> Header? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[0]) else { return nil }
        return try? JSONDecoder().decode(Header.self, from: Data(bytes))
    }

    /// BigCommerce's claims. Their checks are ``verify(_:now:)``'s, against its clock.
    struct Claims: JWTPayload {
        struct User: Codable {
            let id: Int64?
            let email: String?

            var appUser: AppUser? { id.map { AppUser(id: $0, email: email) } }
        }

        let aud: AudienceClaim
        let iss: IssuerClaim
        let exp: ExpirationClaim
        let nbf: NotBeforeClaim
        let sub: SubjectClaim
        let jti: IDClaim?
        let user: User
        let owner: User?
        let url: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}

/// Base64url without padding, as JWTs write their parts.
enum Base64URL {
    static func decode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
