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

    /// Whether only this machine can reach `host`: `localhost`, an IPv4 literal in 127.0.0.0/8 (also written
    /// IPv4-mapped, `::ffff:127.0.0.1`, as a dual-stack socket reports it), or `::1`.
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
            return withUnsafeBytes(of: &ipv6) { bytes in
                let mapped = bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
                return (bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1) || (mapped && bytes[12] == 127)
            }
        }
        return false
    }

    /// The /64 network of an IPv6 literal, as text (`2001:db8:1:2::/64`); nil when `host` is not one.
    public static func ipv6Prefix64(_ host: String) -> String? {
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, host, &ipv6) == 1 else { return nil }
        let groups = withUnsafeBytes(of: &ipv6) { bytes in
            (0..<4).map { String(UInt16(bytes[$0 * 2]) << 8 | UInt16(bytes[$0 * 2 + 1]), radix: 16) }
        }
        return groups.joined(separator: ":") + "::/64"
    }
}
