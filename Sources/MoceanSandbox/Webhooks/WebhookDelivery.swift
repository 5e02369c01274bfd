/// One event owed to one hook: the same body and message id on every attempt.
struct WebhookDelivery: Sendable {
    let hookId: Int
    /// The hook's destination and custom headers when the event fired.
    let destination: String
    let headers: [(name: String, value: String)]
    let scope: WebhookScope
    /// The event's hash.
    let eventHash: String
    /// `webhook-id`: unique per message, the same across its retries.
    let messageId: String
    /// The envelope, as posted and signed.
    let body: [UInt8]
    /// The store's registry, which counts the attempts and settles the delivery.
    let registry: WebhookRegistry
    /// The key that signs every attempt: the app's client secret when the event fired.
    let signature: WebhookSignature
}

/// What came of one attempt.
enum WebhookAttemptOutcome: Sendable {
    /// An answer with this status; any 2xx acknowledges.
    case answered(Int)
    /// No answer: the connection failed or timed out.
    case failed(String)

    var acknowledges: Bool {
        if case .answered(let status) = self { return (200..<300).contains(status) }
        return false
    }
}

/// Hands deliveries from the firing requests to the ``WebhookDeliverer`` that the server runs.
struct WebhookDeliveryQueue: Sendable {
    let deliveries: AsyncStream<WebhookDelivery>
    private let continuation: AsyncStream<WebhookDelivery>.Continuation

    init() {
        (deliveries, continuation) = AsyncStream.makeStream(of: WebhookDelivery.self)
    }

    func enqueue(_ delivery: WebhookDelivery) {
        continuation.yield(delivery)
    }
}
