import Crypto

/// The SHA-256 of a credential, in lower-case hex: what is kept or remembered in place of a token or a code.
public enum SecretDigest {
    /// The digest of `secret`: 64 lower-case hex digits.
    public static func hex(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
