import JSONRPC
import Notifier

/// `outbox.pause`: stops sending (the sends in flight finish); nothing queued is lost. Kept across restarts, with
/// the reason given.
struct OutboxPause: RPCMethod {
    static let name = "outbox.pause"
    static let parameters: [RPCParameter] = [.optional("reason")]

    struct Params: Decodable, Sendable {
        let reason: String?
    }

    let sender: OutboxSender

    func handle(_ params: Params, context: RPCContext) async throws -> OutboxSettingsView {
        OutboxSettingsView(try await sender.pause(reason: params.reason))
    }
}

/// `outbox.resume`: sends again; also looks again at a balance or an account that held the queue.
struct OutboxResume: RPCMethod {
    static let name = "outbox.resume"

    let sender: OutboxSender

    func handle(_ params: NoParams, context: RPCContext) async throws -> OutboxSettingsView {
        OutboxSettingsView(try await sender.resume())
    }
}
