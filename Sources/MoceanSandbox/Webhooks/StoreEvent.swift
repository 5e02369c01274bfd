import Crypto
import Foundation
import JSONCore

/// One store event as BigCommerce sends it to every hook of its scope:
/// `{"scope","store_id","data","hash","created_at","producer"}`.
struct StoreEvent: Sendable {
    let scope: WebhookScope
    /// The event's resource, e.g. `{"type":"order","id":250}`, kept as given.
    let data: JSONValue
    /// 40 hex digits, unique per event; every delivery of the event carries it.
    let hash: String
    /// Unix seconds.
    let createdAt: Int

    /// A new event of `scope`, its hash drawn from the store, a sequence number and randomness.
    init(scope: WebhookScope, data: JSONValue, storeHash: String, sequence: Int, createdAt: Int) {
        self.scope = scope
        self.data = data
        self.createdAt = createdAt
        let seed = "\(storeHash)/\(sequence)/\(UUID().uuidString)"
        hash = Insecure.SHA1.hash(data: Data(seed.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The envelope as it is posted (and signed), byte for byte.
    func body(storeHash: String) -> [UInt8] {
        let envelope: JSONValue = [
            "scope": .string(scope.rawValue), "store_id": .string(Self.storeId(storeHash)), "data": data,
            "hash": .string(hash), "created_at": .number(JSONNumber(createdAt)),
            "producer": .string("stores/\(storeHash)"),
        ]
        return JSONWriter.serialize(envelope)
    }

    /// The store's numeric id, as `store_id` shows it: seven digits drawn from the hash (FNV-1a), the same
    /// for the same hash.
    static func storeId(_ storeHash: String) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in storeHash.utf8 { value = (value ^ UInt32(byte)) &* 16_777_619 }
        return String(1_000_000 + value % 9_000_000)
    }
}
