import Crypto
import Foundation
import JSONCore

/// The `signed_payload_jwt` of the load, uninstall and remove_user callbacks: a JWT signed with the app's
/// client secret, its claims as BigCommerce sets them.
///
/// For tests of the app's refusals, any claim can be replaced or removed, and another secret or HMAC
/// algorithm used.
///
/// It is signed with swift-crypto's HMAC rather than jwt-kit's signer, which asserts (and so stops a debug
/// build) on a key shorter than the hash; the sandbox signs with whatever secret it is given.
struct SignedPayload: Sendable {
    /// The HMAC algorithms a payload may be signed with: BigCommerce uses HS256.
    enum Algorithm: String, CaseIterable, Sendable {
        case hs256 = "HS256"
        case hs384 = "HS384"
        case hs512 = "HS512"

        /// The HMAC of `message` under `key`.
        func authenticationCode(for message: [UInt8], key: SymmetricKey) -> [UInt8] {
            switch self {
            case .hs256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            case .hs384: Array(HMAC<SHA384>.authenticationCode(for: message, using: key))
            case .hs512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
            }
        }
    }

    /// The claims, in BigCommerce's order.
    let claims: JSONObject
    /// The key: the app's client secret unless told otherwise.
    let secret: String
    let algorithm: Algorithm

    /// BigCommerce's claims for `user` of store `storeHash` owned by `owner`, for the app `clientId`:
    /// `aud`, `iss` ("bc"), `iat`, `nbf` (= iat), `exp` (a day later), `jti` (a UUID), `sub` (`stores/{hash}`),
    /// `user` {id, email, locale}, `owner` {id, email}, `url` ("/") and `channel_id` (null).
    static func claims(
        clientId: String, storeHash: String, user: AppUser, owner: AppUser, issuedAt: Int
    ) -> JSONObject {
        JSONObject([
            .init(key: "aud", value: .string(clientId)), .init(key: "iss", value: "bc"),
            .init(key: "iat", value: .number(JSONNumber(issuedAt))),
            .init(key: "nbf", value: .number(JSONNumber(issuedAt))),
            .init(key: "exp", value: .number(JSONNumber(issuedAt + 86_400))),
            .init(key: "jti", value: .string(UUID().uuidString.lowercased())),
            .init(key: "sub", value: .string("stores/\(storeHash)")),
            .init(key: "user", value: user.claim(locale: "en-US")), .init(key: "owner", value: owner.claim()),
            .init(key: "url", value: "/"), .init(key: "channel_id", value: .null),
        ])
    }

    /// `claims` with each of `overrides`' members set over it, a null one removing the claim.
    static func merged(_ claims: JSONObject, with overrides: JSONObject) -> JSONObject {
        var merged = claims
        for key in overrides.keys {
            let value = overrides[key] ?? .null
            // An optional, not JSON's null (which `nil` would also spell here): a null override removes.
            merged[key] = value == .null ? JSONValue?.none : value
        }
        return merged
    }

    /// The compact JWT: header, claims and signature, base64url-encoded.
    func token() -> String {
        let header: JSONValue = ["alg": .string(algorithm.rawValue), "typ": "JWT"]
        let signingInput =
            Self.base64URL(JSONWriter.serialize(header)) + "." + Self.base64URL(JSONWriter.serialize(.object(claims)))
        let code = algorithm.authenticationCode(
            for: Array(signingInput.utf8), key: SymmetricKey(data: Data(secret.utf8)))
        return signingInput + "." + Self.base64URL(code)
    }

    /// `bytes` in base64url without padding (RFC 7515).
    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
