import JSONRPC

/// Compares answers the way the conformance cases ask: `jsonrpc`, `id` and `error.code` (messages are
/// informative only), results exactly (numbers by value), batches in any order.
public enum ResponseMatching {
    /// Whether `actual` answers as `expected` says.
    public static func matches(_ expected: JSONValue?, _ actual: JSONValue?) -> Bool {
        switch (expected, actual) {
        case (nil, nil): return true
        case (.array(let wanted)?, .array(let got)?):
            guard wanted.count == got.count else { return false }
            var remaining = got
            for item in wanted {
                guard let index = remaining.firstIndex(where: { responseMatches(item, $0) }) else { return false }
                remaining.remove(at: index)
            }
            return true
        case (let wanted?, let got?): return responseMatches(wanted, got)
        default: return false
        }
    }

    static func responseMatches(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        guard case .object(let wanted) = expected, case .object(let got) = actual else { return false }
        // Ids must come back exactly as sent: `1.5` as `1.5`, not `1.50`.
        guard got["jsonrpc"] == "2.0", wanted["id"] == got["id"] else { return false }
        if let result = wanted["result"] {
            return got["error"] == nil && sameValue(result, got["result"])
        }
        guard got["result"] == nil, got["error"]?["message"]?.stringValue != nil else { return false }
        return sameValue(wanted["error"]?["code"], got["error"]?["code"])
    }

    /// Structural equality with numbers compared by value and id literals compared exactly.
    public static func sameValue(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (nil, nil): return true
        case (.number(let a)?, .number(let b)?):
            // Short literals compare by value (19 and 19.0); long ones, such as ids past 2^53, exactly.
            let short = max(a.literal.count, b.literal.count) < 16
            return a.literal == b.literal || (short && a.double != nil && a.double == b.double)
        case (.array(let a)?, .array(let b)?):
            return a.count == b.count && zip(a, b).allSatisfy { sameValue($0, $1) }
        case (.object(let a)?, .object(let b)?):
            return Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { sameValue(a[$0], b[$0]) }
        case (let a?, let b?): return a == b
        default: return false
        }
    }
}
