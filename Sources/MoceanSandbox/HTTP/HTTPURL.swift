/// An `http://` or `https://` URL taken apart far enough to check where it leads and to show it without
/// what may hold the receiver's secrets (user info, query, fragment).
struct HTTPURL: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`, in lower case.
    let scheme: String
    /// The host, without the brackets of an IPv6 literal.
    let host: String
    /// The port written in the URL, if any.
    let explicitPort: Int?
    /// The path, `/` when the URL has none.
    let path: String
    /// Whether the URL carries `user[:password]@`.
    let hasUserInfo: Bool

    /// Reads `text`; nil for anything but an `http://` or `https://` URL with a host and a valid port.
    init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...].prefix(while: { $0 != "?" && $0 != "#" })
        let userInfoEnd = authority.lastIndex(of: "@")
        var hostPart = userInfoEnd.map { authority[authority.index(after: $0)...] } ?? authority
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { return nil }
            let afterClose = hostPart[hostPart.index(after: close)...]
            if !afterClose.isEmpty {
                guard afterClose.hasPrefix(":") else { return nil }
                portPart = afterClose.dropFirst()
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { return nil }
        if let portPart {
            guard portPart.count <= 5, let port = Int(portPart), (1...65535).contains(port) else { return nil }
            explicitPort = port
        } else {
            explicitPort = nil
        }
        self.scheme = scheme
        host = hostPart.lowercased()
        self.path = path.isEmpty ? "/" : String(path)
        hasUserInfo = userInfoEnd != nil
    }

    /// The port the URL leads to: the explicit one, else 80 or 443 by scheme.
    var port: Int { explicitPort ?? (scheme == "https" ? 443 : 80) }

    /// `http://127.0.0.1:8080/dlr`: scheme, host, port and path only, safe to log.
    var description: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(host)\(explicitPort.map { ":\($0)" } ?? "")\(path)"
    }
}
