import JSONRPC

/// `rpc.discover`: the OpenRPC document describing every method, its params, result and errors.
struct RPCDiscover: RPCMethod {
    static let name = "rpc.discover"

    func handle(_ params: NoParams, context: RPCContext) async throws -> JSONValue {
        OpenRPCDocument.value
    }
}
