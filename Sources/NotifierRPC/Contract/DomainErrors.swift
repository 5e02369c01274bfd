import BigCommerceAPI
import JSONRPC
import MoceanAPI
import Notifier

/// How the domain's errors read on the wire. Codes outside the reserved range are the domain's own,
/// documented in `schema/openrpc.json` and listed in ``ErrorCatalog``.
enum DomainErrorCode {
    /// No usable credentials: set apiToken, or apiKey and apiSecret.
    static let accountNotConfigured = 1001
    /// The gateway refused the credentials.
    static let gatewayAuthorization = 1002
    /// The gateway could not be reached or is failing for now; retrying later may work.
    static let gatewayUnavailable = 1003
    /// The gateway refused the request for another reason.
    static let gatewayRejected = 1004
    /// No stored item has the id given.
    static let notFound = 1005
    /// The store could not be reached, or is failing for now; retrying later may work.
    static let storeUnavailable = 1006
    /// The store refused the request (its token, a resource it does not have...).
    static let storeRejected = 1007
    /// A broadcast costs more than the balance (`data`: total, currency, balance).
    static let balanceTooLow = 1008
    /// The item is in a state that does not allow the change asked (`data.state`).
    static let wrongState = 1009
    /// The method is the operator's: a caller bound to one store may not call it.
    static let operatorOnly = 1010
}

/// A caller bound to one store called a method that acts on the whole service.
struct OperatorOnly: Error, RPCErrorConvertible {
    let method: String

    var rpcError: RPCError {
        RPCError(
            code: DomainErrorCode.operatorOnly,
            message: "Operator only: \(method) acts on the whole service; call it with the service's token",
            data: ["method": .string(method)])
    }
}

/// An id given that names nothing stored: `data.field` names the param, `data.id` repeats it.
struct NotFound: Error, RPCErrorConvertible {
    let field: String
    let id: Int64
    let what: String

    var rpcError: RPCError {
        RPCError(
            code: DomainErrorCode.notFound, message: "Not found: no \(what) has the id \(id)",
            data: ["field": .string(field), "id": .number(JSONNumber(id))])
    }
}

/// A store the caller cannot see: one that does not exist, or another store's when the caller is bound to
/// one; the same answer either way, so nothing is learned of other stores.
struct StoreNotFound: Error, RPCErrorConvertible {
    var rpcError: RPCError {
        RPCError(
            code: DomainErrorCode.notFound, message: "Not found: no such store (stores.list lists the stores you see)",
            data: ["field": "store"])
    }
}

extension ValidationError: RPCErrorConvertible {
    public var rpcError: RPCError {
        var extra = JSONObject()
        if let accepted { extra["accepted"] = .array(accepted.map(JSONValue.string)) }
        return .invalidParams(field: field, reason: reason, extra: extra)
    }
}

extension AccountError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notConfigured:
            RPCError(
                code: DomainErrorCode.accountNotConfigured,
                message: "The account is not configured: set apiToken, or apiKey and apiSecret, with account.set")
        case .gateway(let error):
            error.rpcError
        }
    }
}

extension MoceanError: RPCErrorConvertible {
    public var rpcError: RPCError {
        // Only a stopping service cancels a call in hand: its client learns that, not a gateway failure.
        if kind == .cancelled { return .serviceStopping(ran: true) }
        var data = JSONObject()
        data["kind"] = .string(kind.rawValue)
        data["transient"] = .bool(isTransient)
        if let gatewayStatus { data["gatewayStatus"] = .number(JSONNumber(gatewayStatus)) }
        if let httpStatus { data["httpStatus"] = .number(JSONNumber(httpStatus)) }
        let code =
            kind == .authorization
            ? DomainErrorCode.gatewayAuthorization
            : isTransient ? DomainErrorCode.gatewayUnavailable : DomainErrorCode.gatewayRejected
        return RPCError(code: code, message: "Gateway: \(message)", data: .object(data))
    }
}

extension BigCommerceError: RPCErrorConvertible {
    public var rpcError: RPCError {
        var data = JSONObject()
        data["kind"] = .string(kind.rawValue)
        data["transient"] = .bool(isTransient)
        if let httpStatus { data["httpStatus"] = .number(JSONNumber(httpStatus)) }
        let code = isTransient ? DomainErrorCode.storeUnavailable : DomainErrorCode.storeRejected
        return RPCError(code: code, message: "Store: \(message)", data: .object(data))
    }
}
