import Foundation
import JSONCore

/// What a stored event sends: one row per recipient of each audience that has the event on, each queued or
/// skipped with the reason. A pure function of the event and the settings in force, so it is tested alone.
public enum EventMessages {
    /// The settings an event is turned into SMS with.
    public struct Settings: Sendable {
        public let account: AccountSettings
        public let admin: AudienceSettings
        public let customer: AudienceSettings

        public init(account: AccountSettings, admin: AudienceSettings, customer: AudienceSettings) {
            self.account = account
            self.admin = admin
            self.customer = customer
        }
    }

    /// What the store's look-ups decided for an event, beyond its data.
    public struct Lookups: Sendable {
        /// The resources to render with (those given with the event and those fetched); nil: those given.
        public var resources: JSONValue?
        /// Every recipient is skipped, with this reason (a cart that has become an order).
        public var skipAll: String?
        /// An order update that left the status as it was: the reason, for the audiences told of status changes
        /// only (``AudienceSettings/EventSetting/statusChangesOnly``).
        public var unchangedStatus: String?
        /// Why no phone was found for the customer, when the store could not say.
        public var noPhoneReason: String?

        public init() {}
    }

    /// The rows for `event`, and a note in words when it sends nothing.
    public static func plan(
        _ event: EventRecord, settings: Settings, now: Date, lookups: Lookups = Lookups()
    ) -> (messages: [MessageRecord], note: String?) {
        guard let id = event.id, let storeEvent = StoreEvent(scope: event.scope) else {
            return ([], "not a store event of this service")
        }
        let payload = try? JSONParser.parse(Array(event.payload.utf8))
        let resources = lookups.resources ?? event.resources.flatMap { try? JSONParser.parse(Array($0.utf8)) }
        let values = TemplateData.values(for: storeEvent, payload: payload, resources: resources)
        var messages: [MessageRecord] = []
        for audienceSettings in [settings.admin, settings.customer] {
            guard let setting = audienceSettings.events.first(where: { $0.event == storeEvent }), setting.enabled
            else { continue }
            let text = (try? MessageTemplate(setting.template, event: storeEvent))?.render(values).text ?? ""
            let row = { (typed: String?, recipient: String, state: MessageState, reason: String?) in
                MessageRecord(
                    id: nil, store: event.store, origin: .event, eventRef: id, broadcastID: nil,
                    audience: audienceSettings.audience,
                    eventType: event.scope, eventID: event.eventID, orderID: event.orderID,
                    sender: settings.account.sender, text: text, recipientTyped: typed, recipient: recipient,
                    encoding: SMSLength.measure(text).encoding.rawValue, parts: SMSLength.measure(text).parts,
                    state: state, reason: reason, attempts: 0, nextAttemptAt: state == .queued ? now : nil,
                    priority: 0, gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil,
                    statusChecks: 0, nextStatusCheckAt: nil, createdAt: now, updatedAt: now)
            }
            var recipients = recipients(of: audienceSettings, resources: resources, account: settings.account)
            if let reason = lookups.skipAll ?? (setting.statusChangesOnly == true ? lookups.unchangedStatus : nil) {
                recipients = recipients.map { recipient in
                    switch recipient {
                    case .none: .none(reason)
                    case .refused(let typed, let digits, _), .accepted(let typed, let digits):
                        .refused(typed: typed, digits: digits, reason: reason)
                    }
                }
            } else if audienceSettings.audience == .customer, let reason = lookups.noPhoneReason {
                recipients = recipients.map { recipient in
                    if case .none = recipient { return .none(reason) }
                    return recipient
                }
            }
            for recipient in recipients {
                switch recipient {
                case .none(let reason):
                    messages.append(row(nil, "", .skipped, reason))
                case .refused(let typed, let digits, let reason):
                    messages.append(row(typed, digits, .skipped, reason))
                case .accepted(let typed, let digits):
                    if text.allSatisfy(\.isWhitespace) {
                        messages.append(row(typed, digits, .skipped, "the template rendered no text"))
                    } else {
                        messages.append(row(typed, digits, .queued, nil))
                    }
                }
            }
        }
        if messages.isEmpty {
            let anyOn = [settings.admin, settings.customer].contains { audience in
                audience.events.contains { $0.event == storeEvent && $0.enabled }
            }
            return ([], anyOn ? "no admin numbers are set" : "\(event.scope) is off for admins and customers")
        }
        return (messages, nil)
    }

    enum Recipient {
        case none(String)
        case refused(typed: String, digits: String, reason: String)
        case accepted(typed: String, digits: String)
    }

    static func recipients(
        of settings: AudienceSettings, resources: JSONValue?, account: AccountSettings
    ) -> [Recipient] {
        switch settings.audience {
        case .admin:
            // Checked under the policy in force now, which may have changed since the numbers were saved.
            return settings.adminNumbers.map { number in
                verdict(number.typed, policy: .admins(account))
            }
        case .customer:
            guard let found = CustomerPhone.find(in: resources) else {
                return [.none("no phone number for this customer")]
            }
            let policy = PhonePolicy.customers(account)
            // With no default country, the address's country reads a number typed in its national form; a
            // number it does not make valid is taken as it would be without it.
            if policy.country == nil, let country = found.country {
                var national = policy
                national.country = country
                national.allowForeignNumbers = true
                if case .accepted(let typed, let digits) = verdict(found.number, policy: national) {
                    return [.accepted(typed: typed, digits: digits)]
                }
            }
            return [verdict(found.number, policy: policy)]
        }
    }

    private static func verdict(_ typed: String, policy: PhonePolicy) -> Recipient {
        let check = PhoneCheck.check(typed, policy: policy)
        if check.valid == false {
            return .refused(
                typed: typed, digits: check.gatewayNumber,
                reason: "the number is not valid for \(policy.country ?? "any country"): \(check.reason ?? "refused")")
        }
        guard (7...15).contains(check.gatewayNumber.count) else {
            return .refused(
                typed: typed, digits: check.gatewayNumber,
                reason: "the number does not hold 7 to 15 digits with its country code")
        }
        return .accepted(typed: typed, digits: check.gatewayNumber)
    }
}
