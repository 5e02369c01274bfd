import BigCommerceAPI
import Foundation
import JWTKit
import Testing

/// The callbacks' signed payloads: BigCommerce's own shape verifies; every way a payload can be wrong is
/// refused with its reason.
@Suite struct SignedPayloadTests {
    static let app = AppCredentials(
        clientID: "app-client-id", clientSecret: "app-client-secret-0123456789abcdefghijklmnop")
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// BigCommerce's claims, every one replaceable.
    struct Claims: JWTPayload {
        struct User: Codable {
            var id: Int64?
            var email: String?
            var locale: String?
        }

        var aud: String? = SignedPayloadTests.app.clientID
        var iss: String? = "bc"
        var iat: Int? = Int(SignedPayloadTests.now.timeIntervalSince1970) - 5
        var nbf: Int? = Int(SignedPayloadTests.now.timeIntervalSince1970) - 5
        var exp: Int? = Int(SignedPayloadTests.now.timeIntervalSince1970) + 86_395
        var jti: String? = "0b1c3c4e-5d6f-4a8b-9c0d-1e2f3a4b5c6d"
        var sub: String? = "stores/Abc123"
        var user: User? = User(id: 42, email: "merchant@example.com", locale: "en-US")
        var owner: User? = User(id: 7, email: "owner@example.com")
        var url: String? = "/"

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private func sign(
        _ claims: Claims = Claims(), secret: String = app.clientSecret, digest: DigestAlgorithm = .sha256
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: digest)
        return try await keys.sign(claims)
    }

    private func refusal(_ token: String) -> SignedPayloadError.Reason? {
        do {
            _ = try SignedPayloadVerifier(credentials: Self.app).verify(token, now: Self.now)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func bigCommercesPayloadVerifies() async throws {
        let payload = try SignedPayloadVerifier(credentials: Self.app).verify(try await sign(), now: Self.now)
        #expect(payload.storeHash == "abc123")
        #expect(payload.user == AppUser(id: 42, email: "merchant@example.com"))
        #expect(payload.owner == AppUser(id: 7, email: "owner@example.com"))
        #expect(payload.tokenID == "0b1c3c4e-5d6f-4a8b-9c0d-1e2f3a4b5c6d")
        #expect(payload.url == "/")
    }

    @Test func aPayloadSignedWithAnotherSecretIsRefused() async throws {
        #expect(refusal(try await sign(secret: "another-secret-0123456789abcdefghijklmnopqrs")) == .signature)
    }

    @Test func aPayloadWhoseSignatureWasAlteredIsRefused() async throws {
        let token = try await sign()
        let altered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
        #expect(refusal(altered) == .signature)
    }

    @Test func anotherAlgorithmIsRefusedEvenWithTheRightSecret() async throws {
        let longSecret = String(repeating: "k", count: 64)
        #expect(refusal(try await sign(secret: longSecret, digest: .sha512)) == .algorithm)
        // An unsigned token (alg none), whatever its claims.
        let token = try await sign()
        let parts = token.split(separator: ".")
        let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
        #expect(refusal("\(none).\(parts[1]).") == .algorithm)
    }

    @Test(arguments: [
        ("aud", SignedPayloadError.Reason.audience), ("iss", .issuer), ("exp", .expired), ("nbf", .notYetValid),
        ("sub", .subject),
    ])
    func aWrongClaimIsRefusedByName(claim: String, reason: SignedPayloadError.Reason) async throws {
        var claims = Claims()
        let now = Int(Self.now.timeIntervalSince1970)
        switch claim {
        case "aud": claims.aud = "another-app"
        case "iss": claims.iss = "someone"
        case "exp": claims.exp = now - 3600
        case "nbf": claims.nbf = now + 3600
        default: claims.sub = "customers/5"
        }
        #expect(refusal(try await sign(claims)) == reason)
    }

    @Test func theClocksMayDifferByTheLeewayOnly() async throws {
        let now = Int(Self.now.timeIntervalSince1970)
        var claims = Claims()
        claims.nbf = now + 10
        claims.exp = now - 10
        #expect(refusal(try await sign(claims)) == nil)
        claims.exp = now - 31
        #expect(refusal(try await sign(claims)) == .expired)
    }

    @Test(arguments: ["aud", "iss", "exp", "nbf", "sub", "user"])
    func aMissingClaimIsRefused(claim: String) async throws {
        var claims = Claims()
        switch claim {
        case "aud": claims.aud = nil
        case "iss": claims.iss = nil
        case "exp": claims.exp = nil
        case "nbf": claims.nbf = nil
        case "sub": claims.sub = nil
        default: claims.user = nil
        }
        #expect(refusal(try await sign(claims)) == .malformed)
    }

    @Test(arguments: ["", "a.b", "a.b.c.d", "!!!.e30.sig", String(repeating: "a", count: 9000)])
    func whatIsNotAJWTIsRefusedAsMalformed(token: String) {
        #expect(refusal(token) == .malformed)
    }

    @Test func errorsNeverHoldTheTokenOrTheSecret() async throws {
        let token = try await sign(secret: "another-secret-0123456789abcdefghijklmnopqrs")
        let reason = try #require(refusal(token))
        let words = SignedPayloadError(reason: reason).description
        #expect(!words.contains(token) && !words.contains(Self.app.clientSecret))
    }
}
