/// Unguessable text for the credentials the sandbox issues: authorization codes and access tokens.
enum RandomText {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` lower-case letters and digits drawn from the system's secure generator.
    static func alphanumeric(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<max(0, count)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
