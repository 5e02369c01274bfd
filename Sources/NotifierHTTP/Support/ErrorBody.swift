import Hummingbird
import JSONCore
import NIOHTTP1

/// An answer that says why a request was refused: `{"error": {"status": 401, "code": "badSignature",
/// "message": "..."}}`, the same shape for every error of the HTTP front.
struct HTTPFailure: Error, Sendable {
    let status: HTTPResponse.Status
    /// A stable word for programs, e.g. `badSignature`.
    let code: String
    /// What was wrong and what is accepted.
    let message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The client's request is not well-formed HTTP (a chunk size that is not hex, a transfer coding that is
    /// not `chunked`...): its fault, answered 400, and the connection closed.
    static func badFraming(_ error: HTTPParserError) -> HTTPFailure {
        var failure = HTTPFailure(
            .badRequest, "badFraming",
            "the request's framing is malformed (\(error)): check its Transfer-Encoding and chunk sizes")
        failure.headers[.connection] = "close"
        return failure
    }

    var response: Response {
        let body: JSONValue = [
            "error": ["status": .number(JSONNumber(status.code)), "code": .string(code), "message": .string(message)]
        ]
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.description)))
    }
}

/// Turns every failure into ``HTTPFailure``'s JSON body: the front's own, Hummingbird's (no such route, a
/// body too large) and anything unexpected (a 500 whose details go to the log only).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as HTTPFailure {
            return failure.response
        } catch let error as HTTPParserError {
            // A body read elsewhere than through `collectBody` (a form decoder...): still the client's fault.
            return HTTPFailure.badFraming(error).response
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return HTTPFailure(
                    .notFound, "notFound",
                    "no endpoint at \(request.method) \(request.uri.path): see the README's HTTP front section"
                ).response
            default:
                return HTTPFailure(error.status, "httpError", error.body ?? error.status.reasonPhrase).response
            }
        } catch {
            // The route's pattern, not the path: a path can carry a secret (the delivery reports').
            context.logger.error("\(request.method) \(context.endpointPath ?? "?") failed: \(error)")
            return HTTPFailure(.internalServerError, "internal", "the request failed inside the service; see its log")
                .response
        }
    }
}
