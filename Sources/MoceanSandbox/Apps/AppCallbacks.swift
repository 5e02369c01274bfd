import HTTPClient

/// The requests BigCommerce makes to the app: the auth callback (from the control panel's iframe) and the
/// uninstall and remove_user callbacks (from its servers), made through the sandbox's HTTP client.
struct AppCallbacks: Sendable {
    /// What came of one callback.
    enum Outcome: Sendable {
        /// The app answered.
        case answered(status: Int, body: String)
        /// No answer came; the reason never holds the URL's query.
        case failed(String)
    }

    /// The sandbox's HTTP client.
    let transport: any HTTPTransport
    /// How long one callback may take: the auth callback exchanges its code meanwhile.
    static let timeout = Duration.seconds(20)

    /// `GET url`, as a browser would ask for a page.
    func get(_ url: String) async -> Outcome {
        let request = HTTPRequest(
            method: .get, url: url, headers: [("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")],
            timeout: Self.timeout)
        do {
            let response = try await transport.perform(request)
            return .answered(status: response.status, body: String(decoding: response.body, as: UTF8.self))
        } catch let error as HTTPTransportError {
            return .failed(error.description)
        } catch {
            return .failed("cancelled")
        }
    }
}
