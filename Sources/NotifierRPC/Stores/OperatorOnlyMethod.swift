import JSONRPC

/// A method that acts on the whole service (the sender's pace, the stores themselves): the operator's alone; a
/// caller bound to one store is refused before it runs.
struct OperatorOnlyMethod<Method: RPCMethod>: RPCMethod {
    typealias Params = Method.Params
    typealias Result = Method.Result

    static var name: String { Method.name }
    static var parameters: [RPCParameter] { Method.parameters }
    static var waitsOnOthers: Bool { Method.waitsOnOthers }

    let method: Method

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        guard context.session.caller == .operator else { throw OperatorOnly(method: Self.name) }
        return try await method.handle(params, context: context)
    }
}
