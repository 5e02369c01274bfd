import JSONCore
import MoceanAPI

/// What the sender needs of the gateway: send one SMS, ask where one stands, read the balance. The MoceanAPI
/// client is one; unit tests use a scripted one, so the sender's state machine is tested without HTTP.
public protocol SMSGateway: Sendable {
    /// Sends `message` to its one receiver; the receipt says whether the gateway accepted it.
    func send(_ message: SMSMessage) async throws(MoceanError) -> [SMSReceipt]
    /// Where a sent message stands.
    func messageStatus(messageID: String) async throws(MoceanError) -> MessageStatus
    /// The account's credit.
    func balance() async throws(MoceanError) -> JSONNumber
}

extension MoceanClient: SMSGateway {}

/// Where the sender gets the gateway to send a store's SMS through, as its account settings stand now.
public protocol SMSGatewaySource: Sendable {
    /// The gateway and the sender ID of `store`; or why there is none to send with (in words).
    func gatewayForSending(store: StoreID) async -> Result<
        (gateway: any SMSGateway, sender: String), GatewayUnavailable
    >
}

/// Why nothing can be sent now.
public struct GatewayUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension AccountService: SMSGatewaySource {
    public func gatewayForSending(store: StoreID) async -> Result<
        (gateway: any SMSGateway, sender: String), GatewayUnavailable
    > {
        guard let settings = try? await settings(of: store) else {
            return .failure(GatewayUnavailable("the account settings cannot be read"))
        }
        guard let client = client(for: settings) else {
            return .failure(GatewayUnavailable("the account is not configured: set apiToken, or apiKey and apiSecret"))
        }
        guard let sender = settings.sender else {
            return .failure(GatewayUnavailable("no sender is set: set sender (\"Message From\") with account.set"))
        }
        return .success((client, sender))
    }
}
