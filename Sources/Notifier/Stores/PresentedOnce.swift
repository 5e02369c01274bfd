import Foundation

/// Credentials that may be presented once each (an install's code, a callback's signed payload), remembered
/// until they could no longer be valid and at most ``limit`` of them, the first remembered forgotten first.
struct PresentedOnce: Sendable {
    private var until: [String: Date] = [:]
    private var order: [String] = []
    private var head = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `key` until `expiry`: false when it was taken before and is still remembered.
    mutating func take(_ key: String, until expiry: Date, now: Date) -> Bool {
        forgetOld(now: now)
        if let taken = until[key], taken > now { return false }
        if until.updateValue(expiry, forKey: key) == nil { order.append(key) }
        return true
    }

    /// Forgets `key`: it may be presented again (its first presentation did not count).
    mutating func forget(_ key: String) {
        until[key] = nil
    }

    private mutating func forgetOld(now: Date) {
        while head < order.count {
            let key = order[head]
            guard until.count >= limit || (until[key].map { $0 <= now } ?? true) else { break }
            until[key] = nil
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
