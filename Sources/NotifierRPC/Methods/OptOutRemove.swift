import JSONRPC
import Notifier

/// `optOut.remove`: broadcasts reach the number again.
struct OptOutRemove: StoreScopedMethod {
    static let name = "optOut.remove"
    static let parameters: [RPCParameter] = [.required("number")]

    struct Params: Decodable, Sendable {
        let number: String
    }

    struct Result: Encodable, Sendable {
        /// False when the number was not opted out.
        let removed: Bool
    }

    let optOuts: OptOuts

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        Result(removed: try await optOuts.remove(params.number, store: storeID))
    }
}
