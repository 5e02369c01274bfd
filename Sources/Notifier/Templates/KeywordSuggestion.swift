/// The catalog keyword a mistyped one most likely meant.
enum KeywordSuggestion {
    /// The name among `names` closest to `typed`, ignoring case and underscores; nil when none is close enough
    /// (more edits than a quarter of the typed name's length, and at least 2). Among the close ones, the one that
    /// shares the longest beginning with `typed` wins (`trackingNo` means `tracking_number`), then the fewest edits.
    static func closest(to typed: String, among names: [String]) -> String? {
        let wanted = normalized(typed)
        let limit = max(2, wanted.count / 4)
        let close = names.compactMap { name -> (name: String, prefix: Int, distance: Int)? in
            let candidate = normalized(name)
            let distance = editDistance(wanted, candidate)
            guard distance <= limit else { return nil }
            let prefix = zip(wanted, candidate).prefix { $0 == $1 }.count
            return (name, prefix, distance)
        }
        let best = close.min { left, right in
            left.prefix != right.prefix ? left.prefix > right.prefix : left.distance < right.distance
        }
        return best?.name
    }

    private static func normalized(_ name: String) -> [Character] {
        Array(name.lowercased().filter { $0 != "_" })
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    private static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for (row, leftCharacter) in left.enumerated() {
            current[0] = row + 1
            for (column, rightCharacter) in right.enumerated() {
                let substitution = previous[column] + (leftCharacter == rightCharacter ? 0 : 1)
                current[column + 1] = min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
