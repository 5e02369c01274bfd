import Foundation

extension EventMessages {
    /// The event type of the SMS the service sends its store's admins by itself: the low-balance alert.
    public static let lowBalanceEventType = "account/balance/low"

    /// One SMS of `text` to each admin number of the store, checked as event SMS are (a number the policy now
    /// refuses is a skipped row, with the reason); the rows carry `eventType` and no stored event.
    static func adminAlert(text: String, eventType: String, store: StoreID, settings: Settings, now: Date)
        -> [MessageRecord]
    {
        let measured = SMSLength.measure(text)
        return recipients(of: settings.admin, resources: nil, account: settings.account).compactMap { recipient in
            let (typed, digits, state, reason): (String?, String, MessageState, String?)
            switch recipient {
            case .none: return nil
            case .refused(let number, let gateway, let why):
                (typed, digits, state, reason) = (number, gateway, .skipped, why)
            case .accepted(let number, let gateway): (typed, digits, state, reason) = (number, gateway, .queued, nil)
            }
            return MessageRecord(
                id: nil, store: store.rawValue, origin: .event, eventRef: nil, broadcastID: nil, audience: .admin,
                eventType: eventType, eventID: nil, orderID: nil, sender: settings.account.sender, text: text,
                recipientTyped: typed, recipient: digits, encoding: measured.encoding.rawValue, parts: measured.parts,
                state: state, reason: reason, attempts: 0, nextAttemptAt: state == .queued ? now : nil, priority: 0,
                gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil, statusChecks: 0,
                nextStatusCheckAt: nil, createdAt: now, updatedAt: now)
        }
    }
}
