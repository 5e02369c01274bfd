import Foundation
import HostAddress
import Hummingbird
import NIOCore

/// Every request's context on the front: Hummingbird's core storage and the address of the client.
struct FrontRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension Request {
    /// Who is asking, for limits and logs: the connection's peer address; when the peer is on this machine (a
    /// reverse proxy in front of the service) and `header` is configured, the address the proxy put in it
    /// (the last entry of `X-Forwarded-For`, which is the one the proxy appended). A header from a peer
    /// elsewhere, or one not configured, is not believed.
    func clientAddress(_ context: FrontRequestContext, header name: String?) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard let name, HostAddress.isLoopback(peer), let value = header(name) else { return peer }
        let last = value.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : String(last.prefix(64))
    }
}
