import Hummingbird

extension Router<SandboxRequestContext> {
    /// The methods a path can be asked with, for answering those it does not take.
    private static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// Registers each handler for its method at `path`, and `refusal` for every other method, told the
    /// methods the path takes (`GET, DELETE`).
    func route(
        _ path: RouterPath, _ handlers: [(HTTPRequest.Method, SandboxHandler)],
        otherwise refusal: @escaping @Sendable (SandboxRequest, _ allowed: String) async -> SandboxResponse
    ) {
        for (method, handler) in handlers {
            on(path, method: method) { request, context in
                try await SandboxResponder.answer(request, context: context, with: handler)
            }
        }
        let allowed = handlers.map(\.0.rawValue).joined(separator: ", ")
        for method in Self.methods where !handlers.contains(where: { $0.0 == method }) {
            on(path, method: method) { request, context in
                try await SandboxResponder.answer(request, context: context) { await refusal($0, allowed) }
            }
        }
    }
}
