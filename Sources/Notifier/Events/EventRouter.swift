/// Which store a store event belongs to, and whether it is taken at all: one rule for the webhook route and
/// for `events.ingest`, so both take and refuse exactly the same events.
///
/// An event names its store by `producer` (`stores/{hash}`). An installed store's events are taken; an
/// uninstalled store's, or an unknown store's, are refused (and not stored). A service that holds one store
/// not connected yet takes every event as that store's, as a self-hosted service always has.
public struct EventRouter: Sendable {
    let directory: StoreDirectory

    public init(directory: StoreDirectory) {
        self.directory = directory
    }

    /// Why an event is refused.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// No store has the producer's hash.
            case unknownStore
            /// The app was uninstalled from the store.
            case uninstalled
            /// The event is another store's than the one it was given for.
            case otherStore
        }

        public let kind: Kind
        public let description: String
    }

    /// The store a delivery is for, by its producer.
    ///
    /// - Throws: ``Refusal`` for an unknown or uninstalled store.
    public func store(of incoming: IncomingEvent) async throws -> StoreID {
        if let producer = incoming.producer {
            switch try await directory.resolve(producer: producer) {
            case .active(let store): return store
            case .uninstalled:
                throw Refusal(
                    kind: .uninstalled,
                    description: "the app was uninstalled from \(producer.prefix(80)): its events are not taken")
            case .unknown: break
            }
        }
        if let only = try await onlyUnconnectedStore() { return only }
        throw Refusal(
            kind: .unknownStore,
            description: incoming.producer.map { "no installed store is \($0.prefix(80))" }
                ?? "the event names no store (producer): this service serves several")
    }

    /// Checks that `incoming` may be taken as `store`'s (`events.ingest`, whose caller names the store).
    ///
    /// - Throws: ``Refusal`` when the store is uninstalled or the event names another store.
    public func check(_ incoming: IncomingEvent, isFor store: StoreID) async throws {
        guard let route = try await directory.route(store) else {
            throw Refusal(kind: .unknownStore, description: "no such store")
        }
        guard route.state == .active else {
            throw Refusal(kind: .uninstalled, description: "the app was uninstalled from this store")
        }
        if let hash = route.hash, let producer = incoming.producer, producer.lowercased() != "stores/\(hash)" {
            throw Refusal(
                kind: .otherStore,
                description: "the event comes from \(producer.prefix(80)), not from this store (stores/\(hash))")
        }
    }

    /// The one store of a service that holds one store, not connected to any BigCommerce store yet.
    private func onlyUnconnectedStore() async throws -> StoreID? {
        guard let only = try await directory.soleStore(), only.hash == nil, only.state == .active else {
            return nil
        }
        return only.store
    }
}
