import JSONRPC
import Notifier

/// `outbox.configure`: the sender's rate, concurrency and retries; only what is given changes, applied at once.
struct OutboxConfigure: RPCMethod {
    static let name = "outbox.configure"
    static let parameters: [RPCParameter] = [
        .optional("ratePerSecond"), .optional("concurrency"), .optional("maxAttempts"),
        .optional("retryBaseSeconds"), .optional("retryMaxSeconds"),
    ]

    struct Params: Decodable, Sendable {
        let ratePerSecond: Double?
        let concurrency: Int?
        let maxAttempts: Int?
        let retryBaseSeconds: Double?
        let retryMaxSeconds: Double?
    }

    let sender: OutboxSender

    func handle(_ params: Params, context: RPCContext) async throws -> OutboxSettingsView {
        let change = OutboxSettingsChange(
            ratePerSecond: params.ratePerSecond, concurrency: params.concurrency, maxAttempts: params.maxAttempts,
            retryBaseSeconds: params.retryBaseSeconds, retryMaxSeconds: params.retryMaxSeconds)
        return OutboxSettingsView(try await sender.configure(change))
    }
}
