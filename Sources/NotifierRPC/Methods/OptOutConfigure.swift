import JSONRPC
import Notifier

/// `optOut.configure`: whether opted-out numbers also miss the customers' event SMS (off: only broadcasts).
struct OptOutConfigure: StoreScopedMethod {
    static let name = "optOut.configure"
    static let parameters: [RPCParameter] = [.required("appliesToEvents")]

    struct Params: Decodable, Sendable {
        let appliesToEvents: Bool
    }

    struct Result: Encodable, Sendable {
        let appliesToEvents: Bool
    }

    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        try await optOuts.setAppliesToEvents(params.appliesToEvents, store: storeID)
        return Result(appliesToEvents: try await optOuts.appliesToEvents(store: storeID))
    }
}
