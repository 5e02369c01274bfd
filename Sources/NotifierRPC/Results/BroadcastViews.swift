import Notifier

/// A broadcast as `broadcast.get`, `broadcast.list` and the control methods show it.
struct BroadcastView: Encodable, Sendable {
    let id: Int64
    let state: String
    let message: String
    @ExplicitNull var sender: String?
    /// `all`, `customers` or `numbers`.
    let audience: String
    @ExplicitNull var scheduleAt: String?
    /// Recipients planned (after duplicates collapsed), to send, skipped, and duplicates dropped.
    let recipients: Int
    let toSend: Int
    let skipped: Int
    let duplicates: Int
    let parts: Int
    let encoding: String
    /// Rows written so far (all of them once `running`).
    let written: Int
    /// The rows by state.
    let messages: StateCounts
    /// Rows settled (sent, delivered, failed, expired, skipped, unknown, cancelled) of those planned.
    let settled: Int
    let createdAt: String
    @ExplicitNull var startedAt: String?
    @ExplicitNull var finishedAt: String?
    /// The estimated cost of what it was priced to send, and of the SMS sent so far, in `currency`.
    let estimatedCost: String?
    let costSoFar: String?
    let currency: String?

    init(_ status: BroadcastService.Status) {
        let record = status.broadcast
        id = record.id ?? 0
        state = record.state.rawValue
        message = record.message
        sender = record.sender
        audience = record.audience
        scheduleAt = record.scheduleAt.map(SeedDate.format)
        recipients = record.recipientCount
        toSend = record.toSend
        skipped = record.skipped
        duplicates = record.duplicates
        parts = record.parts
        encoding = record.encoding
        written = record.written
        messages = StateCounts(status.messages, includingZeros: false)
        settled = status.messages.filter { $0.key != .queued && $0.key != .sending }.values.reduce(0, +)
        createdAt = SeedDate.format(record.createdAt)
        startedAt = record.startedAt.map(SeedDate.format)
        finishedAt = record.finishedAt.map(SeedDate.format)
        let sent = (status.messages[.sent] ?? 0) + (status.messages[.delivered] ?? 0)
        estimatedCost = record.unitCost.flatMap { BroadcastCost.times($0, record.toSend) }
        costSoFar = record.unitCost.flatMap { BroadcastCost.times($0, sent) }
        currency = record.currency
    }
}

/// What a broadcast costs, as `broadcast.send` answers it.
struct BroadcastCostView: Encodable, Sendable {
    let total: String
    @ExplicitNull var currency: String?
    @ExplicitNull var balance: String?
    /// Whether the balance covers the total; null when the balance is unknown.
    @ExplicitNull var covered: Bool?

    init(_ cost: BroadcastCost) {
        total = cost.total
        currency = cost.currency
        balance = cost.balance
        covered = cost.covered
    }
}
