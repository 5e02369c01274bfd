import Hummingbird
import NIOCore

/// Hummingbird's request context, with the connection the request came on: an injected "drop" closes it
/// without an answer, and a refused oversized body asks it to close after the answer.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
