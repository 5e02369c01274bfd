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
    /// Who is asking, for limits and logs: the connection's peer address; when the peer is this machine (a
    /// reverse proxy in front of the service), the last address the proxy appended to `X-Forwarded-For`, or
    /// its `X-Real-IP`. A header from a peer elsewhere is not believed.
    func clientAddress(_ context: FrontRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard HostAddress.isLoopback(peer) else { return peer }
        if let forwarded = header("X-Forwarded-For")?.split(separator: ",").last {
            let address = forwarded.trimmingCharacters(in: .whitespaces)
            if !address.isEmpty { return String(address.prefix(64)) }
        }
        if let real = header("X-Real-IP")?.trimmingCharacters(in: .whitespaces), !real.isEmpty {
            return String(real.prefix(64))
        }
        return peer
    }
}
