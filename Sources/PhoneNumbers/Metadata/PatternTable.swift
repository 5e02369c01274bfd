import Foundation
import Synchronization

/// The metadata's regular expressions, compiled at first use and kept: each region's patterns cost a compile
/// only once they are needed.
final class PatternTable: Sendable {
    /// The pattern sources, as given to `NSRegularExpression`, indexed by pattern id.
    private let sources: [String]
    /// The compiled patterns, filled in as they are first used.
    private let compiled: Mutex<[NSRegularExpression?]>

    /// A table of the given sources.
    init(sources: [String]) {
        self.sources = sources
        self.compiled = Mutex([NSRegularExpression?](repeating: nil, count: sources.count))
    }

    /// The compiled pattern of an id.
    func regex(_ id: Int) -> NSRegularExpression {
        if let regex = compiled.withLock({ $0[id] }) {
            return regex
        }
        // Compiled outside the lock; two threads may both compile the same pattern once, which is harmless.
        let regex = Self.compile(sources[id])
        compiled.withLock { $0[id] = regex }
        return regex
    }

    /// Compiles a pattern; one that does not compile (never the case for the generated metadata) matches nothing.
    static func compile(_ source: String, options: NSRegularExpression.Options = []) -> NSRegularExpression {
        if let regex = try? NSRegularExpression(pattern: source, options: options) {
            return regex
        }
        // An empty negative lookahead never matches.
        return try! NSRegularExpression(pattern: "(?!)")
    }
}

/// Collects pattern sources while the metadata is read, giving equal sources the same id.
struct PatternTableBuilder {
    private(set) var sources: [String] = []
    private var ids: [String: Int] = [:]

    /// The id of a source, added if new.
    mutating func id(of source: String) -> Int {
        if let id = ids[source] { return id }
        sources.append(source)
        ids[source] = sources.count - 1
        return sources.count - 1
    }
}

/// A metadata pattern that must match a whole national number (Python's `fullmatch`).
struct FullPattern: Sendable {
    /// The id of `^(?:pattern)$` in the pattern table.
    let id: Int

    /// Whether the pattern matches the whole of a string of ASCII digits.
    func matches(_ digits: String) -> Bool {
        let regex = MetadataStore.shared.patterns.regex(id)
        return regex.firstMatch(in: digits, range: NSRange(location: 0, length: digits.utf16.count)) != nil
    }
}

/// A metadata pattern matched at the start of a number (Python's `match`), such as a national prefix.
struct PrefixPattern: Sendable {
    /// The id of the pattern in the pattern table.
    let id: Int

    /// The match at the start of a string of ASCII digits, if any.
    func match(_ digits: String) -> NSTextCheckingResult? {
        let regex = MetadataStore.shared.patterns.regex(id)
        return regex.firstMatch(
            in: digits, options: .anchored, range: NSRange(location: 0, length: digits.utf16.count))
    }
}
