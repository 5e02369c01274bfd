import JSONRPC
import Notifier

/// `notifications.get`: the admin and customer notification settings (or one audience's).
struct NotificationsGet: StoreScopedMethod {
    static let name = "notifications.get"
    static let parameters: [RPCParameter] = [.optional("audience")]

    struct Params: Decodable, Sendable {
        let audience: Audience?
    }

    let notifications: NotificationService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> JSONValue {
        var all: [AudienceSettings] = []
        for audience in params.audience.map({ [$0] }) ?? Audience.allCases {
            all.append(try await notifications.settings(for: audience, of: storeID))
        }
        return NotificationsView.encode(all)
    }
}
