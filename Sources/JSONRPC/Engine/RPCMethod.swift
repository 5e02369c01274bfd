/// A JSON-RPC method: a wire name, typed params and result, and a handler.
///
/// ```swift
/// struct Subtract: RPCMethod {
///     static let name = "subtract"
///     static let parameters: [RPCParameter] = [.required("minuend"), .required("subtrahend")]
///     struct Params: Decodable { var minuend: Double; var subtrahend: Double }
///     func handle(_ params: Params, context: RPCContext) async throws -> Double {
///         params.minuend - params.subtrahend
///     }
/// }
/// ```
/// Params may come by name or by position; positions map to ``parameters`` in order. The dispatcher refuses
/// unknown names, missing required ones and surplus positions before the handler runs.
public protocol RPCMethod: Sendable {
    /// The params type, decoded from the params object.
    associatedtype Params: Decodable & Sendable = NoParams
    /// The result type, encoded as the response's `result`.
    associatedtype Result: Encodable & Sendable

    /// The wire name, e.g. `account.set`.
    static var name: String { get }
    /// The parameters in positional order, with their required-ness; the contract in `schema/` lists the same.
    static var parameters: [RPCParameter] { get }
    /// Whether a call may wait on something outside the service (the gateway, the store) for long: such calls
    /// run in a task of their own that a stopping service cancels when its grace runs out, so that they are
    /// answered in time. Quick calls run inline, at no extra cost.
    static var waitsOnOthers: Bool { get }

    /// Runs the method.
    ///
    /// - Throws: ``RPCError`` or any ``RPCErrorConvertible`` to answer with that error; anything else is
    ///   logged and answered with -32603.
    func handle(_ params: Params, context: RPCContext) async throws -> Result
}

extension RPCMethod where Params == NoParams {
    public static var parameters: [RPCParameter] { [] }
}

extension RPCMethod {
    public static var waitsOnOthers: Bool { false }
}

/// One parameter of a method: its name, whether a call must give it, and whether it may be null.
///
/// Null is refused unless the parameter says it has a meaning (clearing a setting, "no country"...): a null that
/// silently read as "left out" would hide a caller's mistake, and the contract in `schema/` says the same.
public struct RPCParameter: Sendable, Hashable {
    /// The name, as in the params object.
    public let name: String
    /// Whether a call without it is refused.
    public let isRequired: Bool
    /// Whether a call may give it as null; when not, a null is refused with -32602 before the handler runs.
    public let isNullable: Bool

    public init(name: String, isRequired: Bool, isNullable: Bool = false) {
        self.name = name
        self.isRequired = isRequired
        self.isNullable = isNullable
    }

    /// A parameter that every call must give.
    public static func required(_ name: String, nullable: Bool = false) -> RPCParameter {
        RPCParameter(name: name, isRequired: true, isNullable: nullable)
    }

    /// A parameter that calls may leave out.
    public static func optional(_ name: String, nullable: Bool = false) -> RPCParameter {
        RPCParameter(name: name, isRequired: false, isNullable: nullable)
    }
}

/// The params of a method that takes none: an empty object or an empty array (or none at all).
public struct NoParams: Decodable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
}

/// A result with nothing in it, encoded as JSON `null`.
public struct NoResult: Encodable, Sendable {
    public init() {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// The params of a method that reads them as sent: any array or object, or nil when absent.
///
/// For methods whose params have no fixed names, such as one summing any number of positional values.
/// The dispatcher checks nothing for them; the method validates what it receives.
public struct RawParams: Decodable, Sendable {
    /// The `params` member as sent.
    public let value: JSONValue?

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(JSONValue.self)
        self.value = value == .null ? nil : value
    }
}
