import Foundation
import Logging
import MoceanAPI
import ServiceLifecycle

/// Finds out what became of SMS the gateway accepted when no delivery report comes: asks the gateway's
/// message-status endpoint at a bounded rate, at growing intervals (the first after the sender's
/// `statusCheckAfter`, then doubling), and gives up two days after the send.
public struct DeliveryStatusChecker: Service {
    private let storage: any DeliveryStorage
    private let gateways: any SMSGatewaySource
    private let updates: MessageUpdates
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// Status requests per second at most.
    private let ratePerSecond: Double
    /// How long after the send it stops asking.
    static let giveUpAfter: TimeInterval = 2 * 24 * 3600
    /// The longest wait between two questions about one SMS.
    static let longestInterval: TimeInterval = 4 * 3600

    public init(
        database: AppDatabase, gateways: any SMSGatewaySource, updates: MessageUpdates, logger: Logger,
        ratePerSecond: Double = 2, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteDeliveryStorage(database: database), gateways: gateways, updates: updates, logger: logger,
            ratePerSecond: ratePerSecond, now: now)
    }

    /// A checker of the rows in `storage`.
    public init(
        storage: any DeliveryStorage, gateways: any SMSGatewaySource, updates: MessageUpdates, logger: Logger,
        ratePerSecond: Double = 2, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.gateways = gateways
        self.updates = updates
        self.logger = logger
        self.ratePerSecond = ratePerSecond
        self.now = now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let checked = try await checkDue(limit: 50)
                    if checked == 0 { try await Task.sleep(for: .seconds(15)) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("checking delivery status failed: \(error)")
                    try? await Task.sleep(for: .seconds(15))
                }
            }
        }
    }

    /// Asks about up to `limit` rows whose check is due; returns how many were asked about.
    @discardableResult
    public func checkDue(limit: Int) async throws -> Int {
        let time = now()
        let due = try await storage.dueStatusChecks(at: time, limit: limit)
        // Each row is asked about through its own store's account.
        var gateways: [StoreID: any SMSGateway] = [:]
        var asked = 0
        for row in due {
            let store = StoreID(rawValue: row.store)
            if gateways[store] == nil, case .success(let found) = await self.gateways.gatewayForSending(store: store) {
                gateways[store] = found.gateway
            }
            guard let msgid = row.msgid, let gateway = gateways[store] else { continue }
            asked += 1
            let status = try? await gateway.messageStatus(messageID: msgid)
            try await record(status, for: row)
            try await Task.sleep(for: .milliseconds(Int64(1000 / max(0.1, ratePerSecond))))
        }
        return asked
    }

    private func record(_ status: MessageStatus?, for row: MessageRecord) async throws {
        let time = now()
        let settled: MessageState? =
            switch status?.state {
            case .delivered?: .delivered
            case .failed?: .failed
            case .expired?: .expired
            default: nil
            }
        guard let id = row.id else { return }
        let changed = try await storage.change(.id(id)) { current in
            guard current.state == .sent else { return false }
            current.statusChecks += 1
            current.updatedAt = time
            if let settled {
                current.settleDelivery(
                    settled, at: time, reason: "status from the gateway's message report: \(settled.rawValue)")
            } else {
                let interval = min(Self.longestInterval, 600 * pow(2, Double(min(current.statusChecks, 20))))
                let next = time.addingTimeInterval(interval)
                let giveUp = current.createdAt.addingTimeInterval(Self.giveUpAfter)
                current.nextStatusCheckAt = next < giveUp ? next : nil
                if next >= giveUp { current.reason = "no delivery status from the gateway within two days" }
            }
            return true
        }
        let saved = changed?.saved == true ? changed?.row : nil
        if settled != nil, let update = saved?.update { updates.publish(update) }
    }
}
