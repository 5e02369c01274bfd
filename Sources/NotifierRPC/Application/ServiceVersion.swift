/// The service's name and version, as `--version`, `system.info` and the contract's `info.version` give them.
public enum ServiceVersion {
    /// The product name.
    public static let name = "mocean-notify"
    /// The version; `schema/openrpc.json` carries the same in `info.version` (a test checks it).
    public static let current = "0.1.0"
}
