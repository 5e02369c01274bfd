import HostAddress

/// Whether a request's `Host` header names this machine (`127.0.0.1:8080`, `localhost`, `[::1]:8080`).
///
/// Without a token, `/rpc` answers only such requests: a web page whose name an attacker points at 127.0.0.1
/// (DNS rebinding) sends its own name in `Host`, and is refused.
enum LoopbackHost {
    static func accepts(_ host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        return HostAddress.isLoopback(HostAddress.host(ofAuthority: host).lowercased())
    }
}
