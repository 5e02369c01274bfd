import Hummingbird

/// Answers the requests no route took (an unknown path, or a method no route of the path takes) with a
/// handler of the sandbox's, rather than Hummingbird's bare 404.
struct UnknownPathMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let handler: SandboxHandler

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // The router's own "no route": the sandbox's handlers answer 404s themselves and never throw one.
            return try await SandboxResponder.answer(request, context: context, with: handler)
        }
    }
}
