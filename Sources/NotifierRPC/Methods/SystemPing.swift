import JSONRPC

/// `system.ping`: answers `"pong"`. The cheapest call there is: a liveness check and the benchmark's probe.
struct SystemPing: RPCMethod {
    static let name = "system.ping"

    func handle(_ params: NoParams, context: RPCContext) async throws -> String {
        "pong"
    }
}
