import Foundation
import NotifierRPC
import NotifierServer

/// Where the token comes from: `--token`, `--token-file` or `MOCEAN_NOTIFY_TOKEN`, in that order. The same
/// rule for `serve` and `call`.
enum TokenOption {
    /// The token, or nil when none is given. An empty `MOCEAN_NOTIFY_TOKEN` counts as unset.
    ///
    /// - Throws: ``ServeConfiguration/ConfigurationError`` when both flags are given or the file cannot be read.
    static func resolve(
        token: String?, file: String?, environment: [String: String]
    ) throws(ServeConfiguration.ConfigurationError) -> String? {
        if token != nil, file != nil {
            throw ServeConfiguration.ConfigurationError("give --token or --token-file, not both")
        }
        if let token { return token }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ServeConfiguration.ConfigurationError("--token-file \(file): the file cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ServeConfiguration.ConfigurationError("--token-file \(file): the file is not UTF-8 text")
            }
            // The first line, without its line ending: `echo TOKEN > file` works.
            let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return String(line.hasSuffix("\r") ? line.dropLast() : line)
        }
        if let fromEnvironment = environment["MOCEAN_NOTIFY_TOKEN"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return nil
    }
}

/// Durations given in seconds on the command line.
enum Seconds {
    /// `seconds` as a duration; nil for 0 when `zeroMeansNever`.
    ///
    /// - Throws: ``ServeConfiguration/ConfigurationError`` for a negative, non-finite or absurd value.
    static func duration(
        _ seconds: Double, option: String, zeroMeansNever: Bool = false
    ) throws(ServeConfiguration.ConfigurationError) -> Duration? {
        guard seconds.isFinite, (0...31_536_000).contains(seconds) else {
            throw ServeConfiguration.ConfigurationError(
                "\(option) \(seconds) is out of range: give 0 to 31536000 seconds")
        }
        if seconds == 0 {
            if zeroMeansNever { return nil }
            throw ServeConfiguration.ConfigurationError("\(option) must be more than 0 seconds")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
