import Foundation
import JSONRPC
import Notifier

/// `history.prune`: removes the settled SMS rows made before a date (never those queued, sending or unknown),
/// and gives the space back.
struct HistoryPrune: StoreScopedMethod {
    static let name = "history.prune"
    static let waitsOnOthers = true
    static let parameters: [RPCParameter] = [.required("before")]

    struct Params: Decodable, Sendable {
        let before: String
    }

    struct Result: Encodable, Sendable {
        let messages: Int
        let events: Int
    }

    let retention: HistoryRetention

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        var filter = HistoryFilter()
        filter.to = params.before
        let before: Date
        do {
            before = try filter.query(store: storeID).to ?? Date()
        } catch {
            throw RPCError.invalidParams(field: "before", reason: error.reason)
        }
        let pruned = try await retention.prune(before: before, store: storeID)
        return Result(messages: pruned.messages, events: pruned.events)
    }
}

/// `history.configure`: the retention in days (settled rows older than that are pruned once a day); null
/// keeps everything.
struct HistoryConfigure: StoreScopedMethod {
    static let name = "history.configure"
    static let parameters: [RPCParameter] = [.required("retentionDays", nullable: true)]

    struct Params: Decodable, Sendable {
        let retentionDays: Int?
    }

    struct Result: Encodable, Sendable {
        @ExplicitNull var retentionDays: Int?
        let lastPrunedAt: String?
    }

    let retention: HistoryRetention

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let settings = try await retention.setRetention(days: params.retentionDays, store: storeID)
        return Result(retentionDays: settings.retentionDays, lastPrunedAt: settings.lastPrunedAt.map(SeedDate.format))
    }
}
