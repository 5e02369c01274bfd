import JSONRPC
import Notifier

/// `account.set`: changes the fields given (null clears one), saves, then checks the credentials against the
/// gateway and reports what it said, with the balance when they are valid.
struct AccountSet: StoreScopedMethod {
    static let name = "account.set"
    static let waitsOnOthers = true
    /// Every field may be null: it clears the field (or restores its default).
    static let parameters: [RPCParameter] = Field.allCases.map { .optional($0.rawValue, nullable: true) }

    enum Field: String, CaseIterable, CodingKey {
        case apiKey, apiSecret, apiToken, sender, adminCountry, customerCountry, gatewayUrl, allowForeignNumbers
        case smsCapableOnly, lowBalanceAlert
    }

    /// `lowBalanceAlert` as given: checked into a ``LowBalanceThreshold``.
    struct ThresholdParam: Decodable, Sendable, Equatable {
        let below: Double
        let currency: String?

        func threshold() throws(ValidationError) -> LowBalanceThreshold {
            try LowBalanceThreshold(below: JSONNumber(below), currency: currency)
        }
    }

    struct Params: Decodable, Sendable {
        let update: AccountUpdate
        let lowBalanceAlert: FieldUpdate<ThresholdParam>

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Field.self)
            var update = AccountUpdate()
            update.apiKey = try container.fieldUpdate(.apiKey)
            update.apiSecret = try container.fieldUpdate(.apiSecret)
            update.apiToken = try container.fieldUpdate(.apiToken)
            update.sender = try container.fieldUpdate(.sender)
            update.adminCountry = try container.fieldUpdate(.adminCountry)
            update.customerCountry = try container.fieldUpdate(.customerCountry)
            update.gatewayURL = try container.fieldUpdate(.gatewayUrl)
            update.allowForeignNumbers = try container.fieldUpdate(.allowForeignNumbers, as: Bool.self)
            update.smsCapableOnly = try container.fieldUpdate(.smsCapableOnly, as: Bool.self)
            self.update = update
            lowBalanceAlert = try container.fieldUpdate(.lowBalanceAlert, as: ThresholdParam.self)
        }
    }

    struct Result: Encodable, Sendable {
        let account: AccountView
        let credentials: CredentialsView
        /// Admin numbers kept that the admin phone policy now refuses (after a change of `adminCountry`,
        /// say); empty when every one passes.
        let adminNumbersRefused: [RefusedNumberView]
    }

    /// One stored admin number that no longer passes.
    struct RefusedNumberView: Encodable, Sendable {
        let number: String
        let typed: String
        let reason: String
    }

    /// What the gateway said of the credentials.
    struct CredentialsView: Encodable, Sendable {
        /// `valid`, `invalid`, `unreachable`, `error` or `notConfigured`.
        let status: String
        /// The gateway's words, or ours.
        let message: String?
        let balance: BalanceView?

        init(_ check: CredentialCheck) {
            switch check {
            case .valid(let balance):
                (status, message, self.balance) = ("valid", nil, BalanceView(balance))
            case .invalid(let error):
                (status, message, balance) = ("invalid", error.message, nil)
            case .unreachable(let error):
                (status, message, balance) = ("unreachable", error.message, nil)
            case .failed(let error):
                (status, message, balance) = ("error", error.message, nil)
            case .notConfigured:
                (status, message, balance) = (
                    "notConfigured", "set apiToken, or apiKey and apiSecret, to reach the gateway", nil
                )
            }
        }
    }

    let notifications: NotificationService
    let sender: OutboxSender
    let balanceWatch: BalanceWatch

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let threshold: FieldUpdate<LowBalanceThreshold>
        switch params.lowBalanceAlert {
        case .keep: threshold = .keep
        case .clear: threshold = .clear
        case .set(let given): threshold = .set(try given.threshold())
        }
        let (settings, check, alert) = try await balanceWatch.update(
            params.update, lowBalanceAlert: threshold, of: storeID)
        await sender.accountChanged(store: storeID)
        let refused = try await notifications.refusedAdminNumbers(of: storeID).map {
            RefusedNumberView(number: $0.number, typed: $0.typed, reason: $0.reason)
        }
        return Result(
            account: AccountView(settings, alert: alert), credentials: CredentialsView(check),
            adminNumbersRefused: refused)
    }
}
