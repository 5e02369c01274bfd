import JSONRPC
import Notifier

/// A method that acts on one store's data: it is given the store the call resolved to, never a store the
/// caller cannot see.
protocol StoreScopedMethod: Sendable {
    associatedtype Params: Decodable & Sendable = NoParams
    associatedtype Result: Encodable & Sendable

    /// The wire name.
    static var name: String { get }
    /// The method's own parameters, in positional order (``StoreScoped`` adds `store` after them).
    static var parameters: [RPCParameter] { get }
    /// As ``RPCMethod/waitsOnOthers``.
    static var waitsOnOthers: Bool { get }

    /// Runs the method on `store`.
    func handle(_ params: Params, store: StoreID, context: RPCContext) async throws -> Result
}

extension StoreScopedMethod where Params == NoParams {
    static var parameters: [RPCParameter] { [] }
}

extension StoreScopedMethod {
    static var waitsOnOthers: Bool { false }
}

/// A store-scoped method as the dispatcher sees it: its params plus an optional `store` (an id or a hash),
/// resolved against the caller (``StoreResolver``) before the method runs.
struct StoreScoped<Method: StoreScopedMethod>: RPCMethod {
    static var name: String { Method.name }
    static var parameters: [RPCParameter] { Method.parameters + [.optional("store")] }
    static var waitsOnOthers: Bool { Method.waitsOnOthers }

    struct Params: Decodable, Sendable {
        let store: StoreReference?
        let method: Method.Params

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            store = try container.decodeIfPresent(StoreReference.self, forKey: .store)
            method = try Method.Params(from: decoder)
        }

        private enum Key: String, CodingKey { case store }
    }

    let method: Method
    let resolver: StoreResolver

    func handle(_ params: Params, context: RPCContext) async throws -> Method.Result {
        let store = try await resolver.resolve(params.store, for: context.session.caller)
        return try await method.handle(params.method, store: store, context: context)
    }
}
