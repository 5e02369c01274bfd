import Foundation

/// Faults a sandbox store injects on demand, as `POST /sandbox/store/faults` takes them: the next `count`
/// requests of the store answer `status` (429, or 500 to 504) instead of their resource. A 429 carries BigCommerce's
/// rate-limit headers with nothing left and the window's reset time.
struct StoreFaults: Sendable, Equatable {
    var count = 0
    var status = 503

    /// Reads `{"count": N, "status": S, "store"?: "hash"}` (status defaults to 503, the store to the
    /// configured one).
    ///
    /// - Throws: ``SandboxConfigurationError`` naming what is wrong.
    static func parse(_ body: [UInt8]) throws(SandboxConfigurationError) -> (faults: StoreFaults, store: String?) {
        guard var object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw SandboxConfigurationError("give a JSON object such as {\"count\": 3, \"status\": 429}")
        }
        var store: String?
        if let value = object.removeValue(forKey: "store") {
            guard let hash = value as? String, StoreHash.isWellFormed(hash) else {
                throw SandboxConfigurationError("\"store\" must be a store hash: \(StoreHash.rule)")
            }
            store = hash
        }
        var faults = StoreFaults()
        for (key, value) in object {
            guard let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue) else {
                throw SandboxConfigurationError("\"\(key)\" must be a whole number")
            }
            switch key {
            case "count":
                guard (0...1_000_000).contains(integer) else {
                    throw SandboxConfigurationError("\"count\" must be 0 to 1000000 requests")
                }
                faults.count = integer
            case "status":
                guard integer == 429 || (500...504).contains(integer) else {
                    throw SandboxConfigurationError("\"status\" must be 429 or 500 to 504")
                }
                faults.status = integer
            default:
                throw SandboxConfigurationError("unknown field \"\(key)\": give count, status and store")
            }
        }
        return (faults, store)
    }
}
