import JSONRPC
import Notifier

/// `broadcast.progress` notifications: a broadcast's counts sent to a session twice a second while it runs,
/// and once more when it ends; they stop when the session goes.
enum BroadcastProgress {
    static let method = "broadcast.progress"
    static let interval: Duration = .milliseconds(500)

    static func follow(id: Int64, store storeID: StoreID, broadcasts: BroadcastService, session: RPCSession) {
        Task {
            var last: String?
            while !Task.isCancelled {
                guard let status = try? await broadcasts.status(id: id, store: storeID) else { return }
                let view = BroadcastView(status)
                let signature = "\(view.state) \(view.written) \(view.settled)"
                if signature != last {
                    do {
                        try await session.notify(method: method, params: view)
                    } catch {
                        return
                    }
                    last = signature
                }
                if status.broadcast.state == .finished || status.broadcast.state == .cancelled { return }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// `broadcast.subscribe`: `broadcast.progress` notifications of a broadcast to this session until it ends.
struct BroadcastSubscribe: StoreScopedMethod {
    static let name = "broadcast.subscribe"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> BroadcastView {
        guard let status = try await broadcasts.status(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        BroadcastProgress.follow(id: params.id, store: storeID, broadcasts: broadcasts, session: context.session)
        return BroadcastView(status)
    }
}
