import JSONCore

/// The short texts beside a tool's structured content, and the progress read from a method's notifications.
enum MCPSummary {
    /// One line on `result` of `tool`: its plain fields (texts, numbers, booleans) and how many items its lists
    /// hold, at most ``fieldLimit`` of them.
    static func text(of tool: String, result: JSONValue) -> String {
        switch result {
        case .object(let object):
            var parts: [String] = []
            for member in object where parts.count < fieldLimit {
                switch member.value {
                case .string(let text):
                    parts.append("\(member.key): \(text.count > 80 ? text.prefix(77) + "..." : text)")
                case .number(let number): parts.append("\(member.key): \(number)")
                case .bool(let flag): parts.append("\(member.key): \(flag)")
                case .array(let items): parts.append("\(member.key): \(items.count) item\(items.count == 1 ? "" : "s")")
                case .object, .null: continue
                }
            }
            return parts.isEmpty ? "\(tool): done" : "\(tool): " + parts.joined(separator: "; ")
        case .array(let items): return "\(tool): \(items.count) item\(items.count == 1 ? "" : "s")"
        case .string(let text): return "\(tool): \(text)"
        case .number(let number): return "\(tool): \(number)"
        case .bool(let flag): return "\(tool): \(flag)"
        case .null: return "\(tool): done"
        }
    }

    static let fieldLimit = 12

    /// The progress a notification tells: a broadcast's settled rows of those to send, a sync's pages of the
    /// total pages; else how many notifications have come.
    static func progress(of method: String, params: JSONValue, count: Int) -> MCPProgress {
        func number(_ key: String) -> Double? {
            if case .number(let value)? = params[key] { return value.double }
            return nil
        }
        if let settled = number("settled") {
            let state = params["state"]?.stringValue ?? ""
            return MCPProgress(
                progress: settled, total: number("toSend"),
                message: "\(method): \(state), \(Int(settled)) of \(Int(number("toSend") ?? 0)) settled")
        }
        if let pages = number("pages") {
            return MCPProgress(
                progress: pages, total: number("totalPages"),
                message: "\(method): \(Int(pages)) pages, \(Int(number("added") ?? 0)) added, "
                    + "\(Int(number("updated") ?? 0)) updated")
        }
        return MCPProgress(progress: Double(count), total: nil, message: method)
    }
}
