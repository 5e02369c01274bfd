import JSONRPC
import Notifier

/// `stores.list`: the stores the service serves, first installed first, a page at a time (`after` the last
/// id seen), with their state and their SMS waiting. The operator's.
struct StoresList: RPCMethod {
    static let name = "stores.list"
    static let parameters: [RPCParameter] = [.optional("state"), .optional("after"), .optional("limit")]

    struct Params: Decodable, Sendable {
        let state: StoreState?
        let after: Int64?
        let limit: Int?
    }

    struct Result: Encodable, Sendable {
        let stores: [StoreSummaryView]
        /// Give as `after` for the next page; null at the end.
        @ExplicitNull var next: Int64?
    }

    let directory: StoreDirectory

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        let limit = params.limit ?? 100
        guard (1...1000).contains(limit) else {
            throw RPCError.invalidParams(field: "limit", reason: "\(limit) is out of range: give 1 to 1000")
        }
        if let after = params.after, after < 0 {
            throw RPCError.invalidParams(field: "after", reason: "\(after) is not a store id: give 0 or more")
        }
        let stores = try await directory.page(
            after: params.after.map(StoreID.init(rawValue:)), limit: limit, state: params.state)
        let queues = try await directory.queues(of: stores.map(\.storeID))
        return Result(
            stores: stores.map { StoreSummaryView($0, queue: queues[$0.storeID] ?? [:]) },
            next: stores.count == limit ? stores.last?.id : nil)
    }
}

/// `stores.get`: one store (by id or hash) with its SMS waiting and its gateway balance. The operator's.
struct StoresGet: RPCMethod {
    static let name = "stores.get"
    static let parameters: [RPCParameter] = [.required("store")]
    static let waitsOnOthers = true

    struct Params: Decodable, Sendable {
        let store: StoreReference
    }

    struct Result: Encodable, Sendable {
        let store: StoreSummaryView
        /// The store's gateway balance; null when it could not be had (`balanceError` says why).
        @ExplicitNull var balance: BalanceView?
        @ExplicitNull var balanceError: String?
    }

    let directory: StoreDirectory
    let account: AccountService

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        let record = try await StoreResolver(directory: directory).existing(params.store)
        let queue = try await directory.queues(of: [record.storeID])[record.storeID] ?? [:]
        do {
            let balance = try await account.balance(of: record.storeID)
            return Result(
                store: StoreSummaryView(record, queue: queue), balance: BalanceView(balance), balanceError: nil)
        } catch {
            return Result(store: StoreSummaryView(record, queue: queue), balance: nil, balanceError: "\(error)")
        }
    }
}

/// `stores.erase`: removes everything of a store now: its SMS history, events, broadcasts, customers,
/// opt-outs, settings and the store itself (the first store is emptied, not removed). The operator's.
struct StoresErase: RPCMethod {
    static let name = "stores.erase"
    static let parameters: [RPCParameter] = [.required("store")]

    struct Params: Decodable, Sendable {
        let store: StoreReference
    }

    struct Result: Encodable, Sendable {
        let erased: Bool
        let id: Int64
    }

    let directory: StoreDirectory

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        let record = try await StoreResolver(directory: directory).existing(params.store)
        let erased = try await directory.erase(record.storeID)
        context.logger.notice("store \(record.id) erased at the operator's request")
        return Result(erased: erased, id: record.id)
    }
}
