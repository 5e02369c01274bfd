import NIOCore
import NIOHTTP1
import NIOPosix

/// Posts one form to a plain `http://` URL and returns the HTTP status of the answer.
enum DeliveryReportClient {
    /// Where a report goes, read from an `http://host[:port][/path][?query]` URL.
    struct Target: Sendable, CustomStringConvertible {
        var host: String
        var port: Int
        /// The `Host` header.
        var authority: String
        /// The path with its query, for the request line.
        var uri: String

        /// - Throws: ``DeliveryReportFailure`` for anything but a plain `http://` URL.
        init(_ url: String) throws(DeliveryReportFailure) {
            guard url.lowercased().hasPrefix("http://") else {
                let scheme = url.range(of: "://").map { url[..<$0.lowerBound] }
                throw DeliveryReportFailure(
                    scheme.map { "\($0):// URLs are not supported, only http://" } ?? "the URL is not an http:// URL")
            }
            let rest = url.dropFirst("http://".count)
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            authority = String(rest[..<authorityEnd].split(separator: "@").last ?? "")
            let path = rest[authorityEnd...].prefix(while: { $0 != "#" })
            uri = path.hasPrefix("/") ? String(path) : "/" + path
            var hostPart = Substring(authority)
            var portPart: Substring?
            if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
                let afterClose = hostPart.index(after: close)
                portPart = hostPart[afterClose...].hasPrefix(":") ? hostPart[hostPart.index(after: afterClose)...] : nil
                hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
            } else if let colon = hostPart.lastIndex(of: ":") {
                portPart = hostPart[hostPart.index(after: colon)...]
                hostPart = hostPart[..<colon]
            }
            guard !hostPart.isEmpty else { throw DeliveryReportFailure("\(url) has no host") }
            host = String(hostPart)
            if let portPart {
                guard let number = Int(portPart), (1...65535).contains(number) else {
                    throw DeliveryReportFailure("\(url) has no valid port")
                }
                port = number
            } else {
                port = 80
            }
        }

        /// The URL without its query, which may hold the receiver's secrets.
        var description: String { "http://\(authority)\(uri.prefix(while: { $0 != "?" }))" }
    }

    /// Posts `form` as `application/x-www-form-urlencoded` and waits for the answer's status.
    ///
    /// - Throws: when connecting fails, the answer does not come within `timeout`, or the connection closes
    ///   before an answer.
    static func post(_ form: [(String, String)], to target: Target, timeout: Duration) async throws -> Int {
        let limit = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(limit)
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let channel = connection.channel
        let deadline = channel.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        let body = FormParameters.encode(form)
        return try await connection.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.uri)
            head.headers.add(name: "Host", value: target.authority)
            head.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            head.headers.add(name: "Content-Length", value: String(body.utf8.count))
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "User-Agent", value: "mocean-sandbox")
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
            try await outbound.write(.end(nil))
            var status: Int?
            for try await part in inbound {
                switch part {
                case .head(let response): status = Int(response.status.code)
                case .body: continue
                case .end:
                    if let status { return status }
                }
            }
            throw DeliveryReportFailure("the connection closed before an answer")
        }
    }
}

/// Why a delivery report could not be posted.
struct DeliveryReportFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
