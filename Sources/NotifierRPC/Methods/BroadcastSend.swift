import JSONCore
import JSONRPC
import Notifier

/// `broadcast.send`: one message to every customer, chosen customers or typed numbers; planned, priced and
/// answered at once, sent in the background after any event SMS.
struct BroadcastSend: StoreScopedMethod {
    static let name = "broadcast.send"
    static let parameters: [RPCParameter] = [
        .required("message"), .required("recipients"), .optional("sender"), .optional("dryRun"),
        .optional("scheduleAt"), .optional("idempotencyKey"), .optional("allowPartial"), .optional("follow"),
        .optional("confirmation"),
    ]

    struct Params: Decodable, Sendable {
        let message: String
        let recipients: JSONValue
        let sender: String?
        let dryRun: Bool?
        let scheduleAt: String?
        let idempotencyKey: String?
        let allowPartial: Bool?
        /// Send `broadcast.progress` notifications to this session until the broadcast ends (default true).
        let follow: Bool?
        /// The confirmation a dry run of the same broadcast answered.
        let confirmation: String?
    }

    /// `{"all": true}`, `{"customerIds": [...]}` or `{"numbers": "60123456789 60123456666"}` (or a list).
    static func recipients(_ value: JSONValue) throws -> BroadcastRecipients {
        let shapes =
            "{\"all\": true}, {\"customerIds\": [1, 2]} or {\"numbers\": \"60123456789 60123456666\"}"
        guard case .object(let object) = value, object.count == 1, let member = object.first(where: { _ in true })
        else {
            throw RPCError.invalidParams(
                field: "recipients",
                reason: "must be an object with exactly one of all, customerIds or numbers: \(shapes)")
        }
        let (key, given) = (member.key, member.value)
        switch key {
        case "all":
            guard given == .bool(true) else {
                throw RPCError.invalidParams(field: "recipients.all", reason: "must be true when given")
            }
            return .all
        case "customerIds":
            guard case .array(let items) = given else {
                throw RPCError.invalidParams(field: "recipients.customerIds", reason: "must be a list of customer ids")
            }
            return .customers(
                try items.enumerated().map { (index: Int, item: JSONValue) throws -> Int64 in
                    guard case .number(let number) = item, let id = number.integer(as: Int64.self), id > 0 else {
                        throw RPCError.invalidParams(
                            field: "recipients.customerIds[\(index)]", reason: "must be a customer id (a whole number)")
                    }
                    return id
                })
        case "numbers":
            switch given {
            case .string(let text):
                return .numbers(
                    text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init))
            case .array(let items):
                return .numbers(
                    try items.enumerated().map { (index: Int, item: JSONValue) throws -> String in
                        guard case .string(let number) = item else {
                            throw RPCError.invalidParams(
                                field: "recipients.numbers[\(index)]", reason: "must be a text such as \"60123456789\"")
                        }
                        return number
                    })
            default:
                throw RPCError.invalidParams(
                    field: "recipients.numbers", reason: "must be a text of numbers or a list of texts")
            }
        default:
            throw RPCError.invalidParams(
                field: "recipients.\(key)", reason: "is not a kind of recipients: give \(shapes)")
        }
    }

    struct Sample: Encodable, Sendable {
        let to: String
        let message: String
    }

    struct Result: Encodable, Sendable {
        /// Null for a dry run.
        let id: Int64?
        let dryRun: Bool
        /// False when `idempotencyKey` named a broadcast made before: that one is answered.
        let created: Bool
        let state: String?
        let recipients: Int
        let toSend: Int
        /// Skipped recipients by reason.
        let skipped: [String: Int]
        let duplicates: Int
        let parts: Int
        let encoding: String
        let cost: BroadcastCostView?
        let costError: String?
        let estimatedSeconds: Double
        /// When the last SMS is expected to go out, counting the store's quiet hours; left out when none is sent.
        let lastSendAt: String?
        /// The store's quiet hours, counted in `lastSendAt`; left out when it has none.
        let quietHours: QuietHoursView?
        let samples: [Sample]
        /// Answered with every dry run: what the send of the same broadcast may give as its confirmation.
        let confirmation: String?
        /// Why a send that must be confirmed was not made (it was answered as a dry run); null otherwise.
        let confirmationRequired: String?
    }

    let broadcasts: BroadcastService
    /// Whether a send goes only with the confirmation of its dry run.
    var requiresConfirmation = false

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        var request = BroadcastRequest(message: params.message, recipients: try Self.recipients(params.recipients))
        request.sender = params.sender
        request.dryRun = params.dryRun ?? false
        request.scheduleAt = try params.scheduleAt.map(BroadcastRequest.scheduleTime)
        request.idempotencyKey = params.idempotencyKey
        request.allowPartial = params.allowPartial ?? false
        request.requiresConfirmation = requiresConfirmation
        if let confirmation = params.confirmation, !(1...200).contains(confirmation.count) {
            throw RPCError.invalidParams(
                field: "confirmation", reason: "must be the text a dry run answered (1 to 200 characters)")
        }
        request.confirmation = params.confirmation
        let outcome = try await broadcasts.send(request, store: storeID)
        if let id = outcome.broadcast?.id, outcome.created, params.follow ?? true {
            BroadcastProgress.follow(id: id, store: storeID, broadcasts: broadcasts, session: context.session)
        }
        return Result(
            id: outcome.broadcast?.id, dryRun: outcome.broadcast == nil, created: outcome.created,
            state: outcome.broadcast?.state.rawValue, recipients: outcome.recipients, toSend: outcome.toSend,
            skipped: outcome.skipped, duplicates: outcome.duplicates, parts: outcome.parts,
            encoding: outcome.encoding, cost: outcome.cost.map(BroadcastCostView.init), costError: outcome.costError,
            estimatedSeconds: outcome.estimatedSeconds,
            lastSendAt: outcome.lastSendAt.map { SeedDate.format(unixSeconds: $0.timeIntervalSince1970) },
            quietHours: outcome.quietHours.map(QuietHoursView.init),
            samples: outcome.samples.map { Sample(to: $0.to, message: $0.message) },
            confirmation: outcome.confirmation, confirmationRequired: outcome.confirmationRefusal?.description)
    }
}

extension BroadcastService.BalanceTooLow: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(
            code: DomainErrorCode.balanceTooLow,
            message: "The balance does not cover the broadcast: it costs \(cost.total) \(cost.currency ?? "") and the "
                + "balance is \(cost.balance ?? "unknown"); top up, send to fewer, or give allowPartial: true",
            data: [
                "total": .string(cost.total), "currency": cost.currency.map(JSONValue.string) ?? .null,
                "balance": cost.balance.map(JSONValue.string) ?? .null,
            ])
    }
}

extension BroadcastService.StateRefusal: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(
            code: DomainErrorCode.wrongState,
            message: "Broadcast \(id) is \(state.rawValue): it cannot \(action) now",
            data: ["id": .number(JSONNumber(id)), "state": .string(state.rawValue)])
    }
}
