import Crypto

/// The `account_uuid` of a store's merchant account, as the auth callback and the token exchange give it.
enum AccountUUID {
    /// A UUID drawn from the store hash (SHA-256), the same for the same hash, e.g.
    /// `5d3d8a7c-1f0e-4b6a-9c2d-0e1f2a3b4c5d`.
    static func of(_ storeHash: String) -> String {
        let digest = Array(SHA256.hash(data: Array("account/\(storeHash)".utf8)))
        let hex = digest.prefix(16).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}
