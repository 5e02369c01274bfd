import HostAddress

/// Where a hook may send its events.
///
/// BigCommerce posts only to `https://` on port 443. The sandbox takes those too, and also `http://` to a
/// loopback address on any port, so that a service under test on this machine can receive webhooks without
/// a certificate; nothing else, so that the sandbox never posts in the clear beyond this machine.
enum WebhookDestination {
    /// The longest destination accepted.
    static let maximumLength = 2048

    /// Why `text` cannot be a destination, or nil when it can.
    static func problem(_ text: String) -> String? {
        guard text.utf8.count <= maximumLength else {
            return "destination is longer than \(maximumLength) bytes"
        }
        guard let url = HTTPURL(text), !url.hasUserInfo, !text.contains(where: \.isWhitespace) else {
            return "destination must be a URL such as https://example.com/webhooks"
        }
        switch url.scheme {
        case "https" where url.port == 443:
            return nil
        case "http" where HostAddress.isLoopback(url.host):
            return nil
        default:
            return "destination must be https:// on port 443 (the sandbox also takes http:// to a loopback "
                + "address such as 127.0.0.1)"
        }
    }
}
