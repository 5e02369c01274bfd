/// A method with its types erased, ready to be called with a params object.
struct RegisteredMethod: Sendable {
    let parameters: [RPCParameter]
    /// Whether the method reads `params` as sent (``RawParams``) instead of by declared parameters.
    let takesRawParams: Bool
    /// Whether calls run in a task of their own that a stopping service can cancel.
    let waitsOnOthers: Bool
    let invoke: @Sendable (JSONValue?, RPCContext) async throws -> JSONValue

    init<Method: RPCMethod>(_ method: Method) {
        let parameters = Method.parameters
        self.parameters = parameters
        takesRawParams = Method.Params.self == RawParams.self
        waitsOnOthers = Method.waitsOnOthers
        let decoder = JSONValueDecoder(nonNullableMembers: Set(parameters.filter { !$0.isNullable }.map(\.name)))
        invoke = { params, context in
            let decoded: Method.Params
            do {
                decoded = try decoder.decode(Method.Params.self, from: params ?? .null)
            } catch let error as DecodingError {
                throw ParamsBinding.invalidParams(from: error, parameters: parameters)
            }
            return try JSONValueEncoder().encode(try await method.handle(decoded, context: context))
        }
    }
}
