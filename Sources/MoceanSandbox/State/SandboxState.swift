import Foundation

/// Everything the sandbox remembers while it runs: the balance, the messages accepted and their status, the
/// fault settings with their generator, and the counters.
actor SandboxState {
    /// MoceanAPI's endpoints, as the counters name them.
    enum Endpoint: String, CaseIterable, Sendable {
        case sms, balance, pricing, report
    }

    /// A fault drawn for one request.
    enum Fault: Equatable, Sendable {
        case drop
        case httpError(Int)
        case gatewayError(Int)
    }

    /// What the router has checked of a send and asks to charge and record.
    struct Submission: Sendable {
        var sender: String
        /// The valid receivers only.
        var receivers: [String]
        var text: String
        var coding: Int?
        var length: MessageLength
        var charset: String?
        var dlrMask: String?
        var dlrURL: String?
        var validity: String?
        var flash: Bool
        var medium: String?
        var authentication: RecordedMessage.AuthenticationForm
        /// The key of the credentials that sent it; nil for the bearer token.
        var apiKey: String?
    }

    private var balance: Money
    private let pricePerPart: Money
    private var messages: [RecordedMessage] = []
    private var indexByMsgid: [String: Int] = [:]
    private var sends = 0
    private var faults: FaultSettings
    private var generator: SeededGenerator
    private var requestCounts: [Endpoint: Int] = [:]
    private var unknownRequests = 0
    private var faultCounts: [String: Int] = [:]
    private var deliveryReportsSent = 0
    private var deliveryReportsFailed = 0
    /// The gateway accounts added beside the configured one: each key's secret.
    private var accounts: [String: String] = [:]
    /// The most accounts that can be added.
    static let maximumAccounts = 10_000

    init(balance: Money, pricePerPart: Money, faults: FaultSettings, seed: UInt64) {
        self.balance = balance
        self.pricePerPart = pricePerPart
        self.faults = faults
        generator = SeededGenerator(seed: seed)
    }

    /// Counts a request to `endpoint` and draws its fault, if any, and its latency in milliseconds.
    func admit(_ endpoint: Endpoint) -> (fault: Fault?, latencyMilliseconds: Int) {
        requestCounts[endpoint, default: 0] += 1
        let latency = faults.latencyMilliseconds
        if latency > 0 { faultCounts["latency", default: 0] += 1 }
        let fault: Fault? =
            if generator.happens(withShare: faults.dropShare) {
                .drop
            } else if generator.happens(withShare: faults.httpErrorShare) {
                .httpError(faults.httpErrorCode)
            } else if generator.happens(withShare: faults.failShare) {
                .gatewayError(faults.failStatus)
            } else {
                nil
            }
        switch fault {
        case .drop: faultCounts["drop", default: 0] += 1
        case .httpError: faultCounts["httpError", default: 0] += 1
        case .gatewayError: faultCounts["fail", default: 0] += 1
        case nil: break
        }
        return (fault, latency)
    }

    /// Counts a request to a path the sandbox does not serve.
    func countUnknownRequest() {
        unknownRequests += 1
    }

    /// Charges `submission`'s parts for each receiver and records one message per receiver, or records
    /// nothing and returns nil when the balance does not cover the whole send.
    func accept(_ submission: Submission) -> [RecordedMessage]? {
        let costPerReceiver = pricePerPart * submission.length.parts
        let total = costPerReceiver * submission.receivers.count
        guard total <= balance else { return nil }
        guard !submission.receivers.isEmpty else { return [] }
        balance = balance - total
        sends += 1
        let receivedAt = Date.now.formatted(.iso8601)
        let accepted = submission.receivers.enumerated().map { index, receiver in
            RecordedMessage(
                msgid: Self.msgid(send: sends, receiver: index + 1), sender: submission.sender, receiver: receiver,
                text: submission.text, coding: submission.coding, encoding: submission.length.encoding,
                charset: submission.charset, dlrMask: submission.dlrMask, dlrURL: submission.dlrURL,
                validity: submission.validity, flash: submission.flash, medium: submission.medium,
                authentication: submission.authentication, apiKey: submission.apiKey, parts: submission.length.parts,
                cost: costPerReceiver,
                receivedAt: receivedAt, status: .pending)
        }
        for message in accepted {
            indexByMsgid[message.msgid] = messages.count
            messages.append(message)
        }
        return accepted
    }

    /// `CPASS_restapi_C0000000000000007.0002`: the seventh send's second receiver.
    static func msgid(send: Int, receiver: Int) -> String {
        let sendDigits = String(send)
        let receiverDigits = String(receiver)
        return "CPASS_restapi_C" + String(repeating: "0", count: max(0, 16 - sendDigits.count)) + sendDigits + "."
            + String(repeating: "0", count: max(0, 4 - receiverDigits.count)) + receiverDigits
    }

    var currentBalance: Money { balance }

    /// The message with `msgid`, if the sandbox accepted it (and it was not cleared since).
    func message(_ msgid: String) -> RecordedMessage? {
        indexByMsgid[msgid].map { messages[$0] }
    }

    /// Marks the messages delivered, for the message status endpoint.
    func markDelivered(_ msgids: [String]) {
        for msgid in msgids {
            if let index = indexByMsgid[msgid] { messages[index].status = .delivered }
        }
    }

    /// Every message accepted, oldest first.
    var recordedMessages: [RecordedMessage] { messages }

    /// Forgets every message; returns how many there were.
    func clearMessages() -> Int {
        defer {
            messages = []
            indexByMsgid = [:]
        }
        return messages.count
    }

    var faultSettings: FaultSettings { faults }

    /// Sets the balance, as a top-up (or a drain) on the dashboard would.
    func setBalance(_ value: Money) {
        balance = value
    }

    /// Changes the fault settings (and restarts the generator when the update carries a seed).
    func update(_ update: FaultUpdate) throws(SandboxConfigurationError) -> FaultSettings {
        let changed = update.applied(to: faults)
        try changed.validate()
        faults = changed
        if let seed = update.seed { generator = SeededGenerator(seed: seed) }
        return faults
    }

    /// The secret of account `key`, when it was added through `/sandbox/accounts`.
    func accountSecret(_ key: String) -> String? {
        accounts[key]
    }

    /// Adds account `key` with `secret` (true), or gives an added one a new secret (false); nil when no more
    /// can be added.
    func addAccount(key: String, secret: String) -> Bool? {
        let isNew = accounts[key] == nil
        guard !isNew || accounts.count < Self.maximumAccounts else { return nil }
        accounts[key] = secret
        return isNew
    }

    /// The keys of the accounts added, sorted.
    var accountKeys: [String] { accounts.keys.sorted() }

    /// Counts a delivery report posted (`succeeded`) or one that could not be.
    func countDeliveryReport(succeeded: Bool) {
        if succeeded { deliveryReportsSent += 1 } else { deliveryReportsFailed += 1 }
    }

    /// The counters, as `GET /sandbox/stats` shows them.
    var stats: WireValue {
        let requests = Endpoint.allCases.map { ($0.rawValue, WireValue.integer(requestCounts[$0] ?? 0)) }
        let faultKinds = ["latency", "fail", "httpError", "drop"]
        return .object([
            ("requests", .object(requests + [("unknown", .integer(unknownRequests))])),
            ("faults", .object(faultKinds.map { ($0, .integer(faultCounts[$0] ?? 0)) })),
            ("messages", .integer(messages.count)),
            ("balance", .money(balance)),
            (
                "deliveryReports",
                .object([("sent", .integer(deliveryReportsSent)), ("failed", .integer(deliveryReportsFailed))])
            ),
        ])
    }
}
