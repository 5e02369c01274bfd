import Foundation

/// The secrets of the HTTP front's endpoints, made once at first start from the system's random source and
/// kept in the database: the path segment of the delivery-report URL (MoceanAPI does not sign its reports, so
/// only the gateway, told the URL with each send, knows it) and the value of the header the store sends back
/// with every webhook. Never returned, never logged.
public struct EndpointSecrets: Sendable, Equatable, CustomStringConvertible {
    /// The last segment of `/webhooks/mocean/dlr/{secret}`.
    public let deliveryReportPath: String
    /// The value of ``EndpointSecrets/webhookHeaderName`` on the store's webhooks.
    public let webhookHeader: String

    /// The custom header registered with the store's webhooks.
    public static let webhookHeaderName = "X-Mocean-Notify-Secret"

    public var description: String { "EndpointSecrets(<hidden>)" }

    public init(deliveryReportPath: String, webhookHeader: String) {
        self.deliveryReportPath = deliveryReportPath
        self.webhookHeader = webhookHeader
    }

    /// The stored secrets, made and saved first when there are none. Instances starting together on one
    /// database all get the secrets the first of them saved.
    public static func loadOrCreate(_ storage: any EndpointSecretsStorage, now: Date = Date()) async throws
        -> EndpointSecrets
    {
        let fresh = EndpointSecrets(deliveryReportPath: randomHex(bytes: 24), webhookHeader: randomHex(bytes: 32))
        return try await storage.loadOrInsert(fresh, createdAt: now)
    }

    /// The secrets stored in the SQLite `database`, made and saved first when there are none.
    public static func loadOrCreate(_ database: AppDatabase, now: Date = Date()) async throws -> EndpointSecrets {
        try await loadOrCreate(SQLiteEndpointSecretsStorage(database: database), now: now)
    }

    /// `bytes` random bytes as lower-case hex, from the system's cryptographic source (`getrandom`).
    public static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
