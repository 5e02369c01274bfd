import Glibc

/// Facts about a host as written in a URL or a bind address.
public enum HostAddress {
    /// The host of an authority (`127.0.0.1:8080` → `127.0.0.1`, `[::1]:8080` → `::1`, `localhost` as it is).
    public static func host(ofAuthority authority: some StringProtocol) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.prefix { $0 != ":" })
    }

    /// Whether only this machine can reach `host`: `localhost`, an IPv4 literal in 127.0.0.0/8, or `::1`.
    ///
    /// Any other name counts as reachable from elsewhere, whatever it resolves to today: `127.example.com`
    /// is not loopback.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, host, &ipv6) == 1 {
            return withUnsafeBytes(of: &ipv6) { $0.dropLast().allSatisfy { $0 == 0 } && $0.last == 1 }
        }
        return false
    }
}
