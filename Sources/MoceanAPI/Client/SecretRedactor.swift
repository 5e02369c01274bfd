/// Removes the caller's own secrets from text that came from outside.
///
/// A gateway, or a proxy in front of it, may echo the request in its answer (`err_msg` repeating the form
/// body, say). Whatever it echoes is shown to users and written to logs, so every text meant for people that
/// comes from an answer (error messages) passes through here first: the secret or token is replaced as
/// written, form-encoded (`+` or `%20` for a space) and JSON-escaped.
public struct SecretRedactor: Sendable, Equatable {
    /// What stands in for a secret.
    public static let replacement = "[redacted]"
    private let variants: [String]

    /// A redactor for `secrets`; empty ones are ignored.
    public init(secrets: [String]) {
        var variants: Set<String> = []
        for secret in secrets where !secret.isEmpty {
            let encoded = FormEncoding.encodeComponent(secret)
            variants.formUnion([
                secret, encoded, encoded.replacingAll("+", with: "%20"),
                secret.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll(
                    "/", with: "\\/"),
            ])
        }
        // Longest first, so that a variant containing another is replaced whole.
        self.variants = variants.sorted { $0.count > $1.count }
    }

    /// The secrets of `credentials`: the API secret or the token (the key is not secret).
    public init(credentials: MoceanConfiguration.Credentials) {
        switch credentials {
        case .keyAndSecret(_, let secret): self.init(secrets: [secret])
        case .token(let token): self.init(secrets: [token])
        }
    }

    /// `text` with every secret replaced by ``replacement``.
    public func redact(_ text: String) -> String {
        variants.reduce(text) { $0.replacingAll($1, with: Self.replacement) }
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension MoceanError {
    /// The same error with the secrets taken out of its message.
    func redacted(by redactor: SecretRedactor) -> MoceanError {
        MoceanError(
            kind: kind, message: redactor.redact(message), gatewayStatus: gatewayStatus, httpStatus: httpStatus)
    }
}
