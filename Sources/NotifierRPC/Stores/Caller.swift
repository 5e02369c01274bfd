import JSONRPC
import Notifier

/// Who is calling a method, as their credentials say: the operator, who may act on any store by naming it, or
/// one store's user (a console opened from the store's control panel, a store token), bound to that store.
public enum Caller: Sendable, Equatable {
    /// The service's own token, stdio, or a service without a token: every store.
    case `operator`
    /// One store, and nothing of any other.
    case store(StoreID)
}

extension RPCSession {
    /// The caller of this session: the operator unless its credentials bound it to a store.
    public var caller: Caller { principal as? Caller ?? .operator }
}
