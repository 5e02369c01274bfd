import JSONRPC
import Notifier

/// Decides which store a call acts on, from its caller and the `store` param it may give.
///
/// A caller bound to a store acts on that store only: naming another (or one that does not exist) is the same
/// NotFound, so nothing can be learned of other stores. The operator names the store, or leaves it out while
/// the service holds one store only, which keeps a single self-hosted store working as it always has.
struct StoreResolver: Sendable {
    let directory: StoreDirectory

    /// The store the call acts on.
    ///
    /// - Throws: ``StoreNotFound`` for a store the caller cannot see; -32602 naming `store` when the
    ///   operator must name one.
    func resolve(_ reference: StoreReference?, for caller: Caller) async throws -> StoreID {
        switch caller {
        case .store(let bound):
            guard let reference else { return bound }
            guard try await find(reference) == bound else { throw StoreNotFound() }
            return bound
        case .operator:
            if let reference {
                guard let found = try await find(reference) else { throw StoreNotFound() }
                return found
            }
            if let only = try await directory.soleStore() { return only.store }
            let count = try await directory.count()
            throw RPCError.invalidParams(
                field: "store",
                reason: "is required: this service holds \(count) stores; name one by its id or hash (stores.list "
                    + "lists them)")
        }
    }

    private func find(_ reference: StoreReference) async throws -> StoreID? {
        switch reference {
        case .id(let id): try await directory.route(StoreID(rawValue: id))?.store
        case .hash(let hash): try await directory.route(hash: hash)?.store
        }
    }

    /// The store `reference` names, if there is one.
    func record(_ reference: StoreReference) async throws -> StoreRecord? {
        switch reference {
        case .id(let id): try await directory.store(StoreID(rawValue: id))
        case .hash(let hash): try await directory.store(hash: hash)
        }
    }

    /// The store `reference` names.
    ///
    /// - Throws: ``StoreNotFound`` when there is none.
    func existing(_ reference: StoreReference) async throws -> StoreRecord {
        guard let record = try await record(reference) else { throw StoreNotFound() }
        return record
    }
}
