/// The demo methods of the JSON-RPC 2.0 specification's examples, for conformance testing.
///
/// `subtract` (by position or by name), `sum`, `get_data`, `update`, `notify_hello` and `notify_sum`, with
/// the results the spec shows. They are not part of any product's contract; a server registers them only
/// when asked to, so that any client can replay the spec's examples against it.
public enum SpecExampleMethods {
    /// All six methods.
    public static let all: [any RPCMethod] = [
        Subtract(), Sum(), GetData(), Discard<UpdateName>(), Discard<NotifyHelloName>(), Discard<NotifySumName>(),
    ]

    struct Subtract: RPCMethod {
        static let name = "subtract"
        static let parameters: [RPCParameter] = [.required("minuend"), .required("subtrahend")]

        struct Params: Decodable, Sendable {
            var minuend: Double
            var subtrahend: Double
        }

        func handle(_ params: Params, context: RPCContext) async throws -> Double {
            try finite(params.minuend - params.subtrahend, "the difference")
        }
    }

    struct Sum: RPCMethod {
        static let name = "sum"
        static let parameters: [RPCParameter] = []

        func handle(_ params: RawParams, context: RPCContext) async throws -> Double {
            guard case .array(let values)? = params.value else {
                throw RPCError.invalidParams(field: "", reason: "must be an array of numbers")
            }
            var total = 0.0
            for (index, value) in values.enumerated() {
                guard case .number(let number) = value, let double = number.double else {
                    throw RPCError.invalidParams(field: "[\(index)]", reason: "must be a number")
                }
                total += double
            }
            return try finite(total, "the sum")
        }
    }

    struct GetData: RPCMethod {
        static let name = "get_data"

        func handle(_ params: NoParams, context: RPCContext) async throws -> JSONValue {
            ["hello", 5]
        }
    }

    /// `result`, or -32602 when it is beyond what a JSON number (a finite double) can carry.
    static func finite(_ result: Double, _ what: String) throws -> Double {
        guard result.isFinite else {
            throw RPCError.invalidParams(
                field: "", reason: "make \(what) overflow: it would pass ±1.8e308, the largest a JSON number holds")
        }
        return result
    }

    /// A method that accepts anything and returns nothing of interest; the spec calls these as notifications.
    struct Discard<Name: WireName>: RPCMethod {
        static var name: String { Name.value }
        static var parameters: [RPCParameter] { [] }

        func handle(_ params: RawParams, context: RPCContext) async throws -> NoResult { NoResult() }
    }

    protocol WireName: Sendable { static var value: String { get } }
    enum UpdateName: WireName { static let value = "update" }
    enum NotifyHelloName: WireName { static let value = "notify_hello" }
    enum NotifySumName: WireName { static let value = "notify_sum" }
}
