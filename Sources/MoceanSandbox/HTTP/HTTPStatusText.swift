import NIOHTTP1

/// The reason phrases of HTTP statuses.
enum HTTPStatusText {
    /// `Service Unavailable` for 503; `HTTP error 599` for a status without a phrase.
    static func phrase(_ code: Int) -> String {
        let phrase = HTTPResponseStatus(statusCode: code).reasonPhrase
        return phrase.isEmpty ? "HTTP error \(code)" : phrase
    }
}
