/// Where the database lives when no path is given.
public enum DatabaseLocation {
    /// `$XDG_DATA_HOME/mocean-notify/mocean-notify.sqlite`, else `~/.local/share/mocean-notify/…`.
    public static func defaultPath(environment: [String: String]) -> String {
        let fileName = "mocean-notify/mocean-notify.sqlite"
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return "\(dataHome)/\(fileName)"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return "\(home)/.local/share/\(fileName)"
    }
}
