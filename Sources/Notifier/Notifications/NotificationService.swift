import Foundation

/// The admin and customer notification settings: which events send an SMS, with which template, and to which
/// admin numbers.
public actor NotificationService {
    private let storage: any NotificationStorage
    private let account: AccountService
    private let now: @Sendable () -> Date
    /// The most admin numbers kept.
    public static let maximumAdminNumbers = 50

    /// The settings in the SQLite database.
    public init(database: AppDatabase, account: AccountService, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(storage: SQLiteNotificationStorage(database: database), account: account, now: now)
    }

    /// The settings in `storage`.
    public init(
        storage: any NotificationStorage, account: AccountService, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.account = account
        self.now = now
    }

    /// One audience's settings in `store`; events never configured are off, with their default template.
    public func settings(for audience: Audience, of store: StoreID) async throws -> AudienceSettings {
        Self.settings(audience, from: try await storage.stored(audience, of: store))
    }

    /// Checks and applies `change`, then returns the audience's settings.
    ///
    /// - Throws: ``ValidationError`` naming the first unacceptable field; nothing changes then.
    public func configure(_ change: NotificationChange, of store: StoreID) async throws -> AudienceSettings {
        var templates: [StoreEvent: String?] = [:]
        for (event, eventChange) in change.events
        where eventChange.statusChangesOnly != nil && !AudienceSettings.EventSetting.hasStatusChangesOnly(event) {
            throw ValidationError(
                field: "events.\(event.rawValue).statusChangesOnly", reason: "applies to store/order/updated only")
        }
        for (event, eventChange) in change.events {
            switch eventChange.template {
            case .keep: break
            case .clear: templates[event] = .some(nil)
            case .set(let text): templates[event] = .some(try Self.checkedTemplate(text, event: event))
            }
        }
        var numbers: [AudienceSettings.AdminNumber]?
        if let given = change.adminNumbers {
            guard change.audience == .admin else {
                throw ValidationError(
                    field: "adminNumbers",
                    reason: "belongs to the admin audience: customers' numbers come with their orders")
            }
            let policy = PhonePolicy.admins(try await account.settings(of: store))
            switch given {
            case .list(let typed):
                numbers = try Self.checkedAdminNumbers(typed, policy: policy)
            case .text(let text):
                numbers = try Self.checkedAdminNumbers(
                    AdminNumberText.split(text, policy: policy), policy: policy, fromText: true)
            }
        }
        let write = NotificationWrite(
            store: store, audience: change.audience,
            events: change.events.reduce(into: [:]) { changes, pair in
                let (event, eventChange) = pair
                changes[event] = NotificationWrite.EventChange(
                    enabled: eventChange.enabled, statusChangesOnly: eventChange.statusChangesOnly,
                    template: templates[event])
            }, adminNumbers: numbers, now: now())
        return Self.settings(change.audience, from: try await storage.apply(write))
    }

    /// `audience`'s settings from what is stored: events never configured are off, with their default template.
    private static func settings(_ audience: Audience, from stored: StoredNotifications) -> AudienceSettings {
        let events = StoreEvent.allCases.map { event in
            let row = stored.events[event.rawValue]
            return AudienceSettings.EventSetting(
                event: event, enabled: row?.enabled ?? false,
                template: row?.template ?? DefaultTemplates.text(for: event, audience: audience),
                isDefaultTemplate: row?.template == nil,
                statusChangesOnly: AudienceSettings.EventSetting.hasStatusChangesOnly(event)
                    ? row?.statusChangesOnly ?? AudienceSettings.EventSetting.defaultStatusChangesOnly(for: audience)
                    : nil)
        }
        return AudienceSettings(
            audience: audience, events: events, adminNumbers: audience == .admin ? stored.adminNumbers : [])
    }

    /// An admin number kept in the settings that the admin phone policy in force refuses.
    public struct RefusedAdminNumber: Sendable, Equatable {
        /// The digits it was saved as.
        public let number: String
        /// As it was typed.
        public let typed: String
        /// Why the policy refuses it now.
        public let reason: String
    }

    /// The admin numbers kept that the admin phone policy now refuses: after a change of `adminCountry` or of
    /// the phone switches, they stay stored (an SMS to them is skipped with the reason) until fixed.
    public func refusedAdminNumbers(of store: StoreID) async throws -> [RefusedAdminNumber] {
        let policy = PhonePolicy.admins(try await account.settings(of: store))
        let numbers = try await settings(for: .admin, of: store).adminNumbers
        return numbers.compactMap { number in
            let check = PhoneCheck.check(number.typed, policy: policy)
            guard check.valid == false else { return nil }
            return RefusedAdminNumber(
                number: number.number, typed: number.typed,
                reason: "not valid for \(policy.country ?? "any country"): \(check.reason ?? "refused")")
        }
    }

    /// The longest template kept, in characters (the schema holds the same limit).
    public static let maximumTemplateLength = 1600

    /// The template, if it parses against the event's keywords.
    static func checkedTemplate(_ text: String, event: StoreEvent) throws(ValidationError) -> String {
        // Code points, as SQLite counts them for the column's CHECK.
        guard text.unicodeScalars.count <= maximumTemplateLength else {
            throw ValidationError(
                field: "events.\(event.rawValue).template",
                reason: "is \(text.unicodeScalars.count) characters long; the most is \(maximumTemplateLength)")
        }
        do {
            _ = try MessageTemplate(text, event: event)
        } catch {
            throw ValidationError(
                field: "events.\(event.rawValue).template", reason: error.message, accepted: error.validKeywords)
        }
        guard !text.trimmingWhitespace.isEmpty else {
            throw ValidationError(
                field: "events.\(event.rawValue).template",
                reason: "must not be empty: give a text, or null for the default")
        }
        return text
    }

    /// The admin numbers, each checked under the admin policy, without repeats (by the digits sent).
    ///
    /// - Parameter fromText: the numbers were split from one line of text: a refusal then says how to give
    ///   them as a list, in case the split was not what was meant.
    static func checkedAdminNumbers(
        _ typed: [String], policy: PhonePolicy, fromText: Bool = false
    ) throws(ValidationError) -> [AudienceSettings.AdminNumber] {
        let listHint =
            fromText
            ? " (read from the text as \(typed.map { "\"\($0)\"" }.joined(separator: ", ")); to be explicit, "
                + "give a list: [\"012-345 6789\", \"013-456 7890\"])" : ""
        var numbers: [AudienceSettings.AdminNumber] = []
        for (index, raw) in typed.enumerated() {
            let trimmed = raw.trimmingWhitespace
            guard !trimmed.isEmpty else { continue }
            let check = PhoneCheck.check(trimmed, policy: policy)
            if check.valid == false {
                throw ValidationError(
                    field: "adminNumbers[\(index)]",
                    reason: "\"\(trimmed)\" is not valid for \(policy.country ?? "any country"): \(check.reason ?? "")"
                        + listHint)
            }
            guard (7...15).contains(check.gatewayNumber.count) else {
                throw ValidationError(
                    field: "adminNumbers[\(index)]",
                    reason: "\"\(trimmed)\" does not hold 7 to 15 digits: give the number with its country code, "
                        + "e.g. 60123456789" + listHint)
            }
            if !numbers.contains(where: { $0.number == check.gatewayNumber }) {
                numbers.append(AudienceSettings.AdminNumber(number: check.gatewayNumber, typed: trimmed))
            }
        }
        guard numbers.count <= maximumAdminNumbers else {
            throw ValidationError(
                field: "adminNumbers", reason: "holds \(numbers.count) numbers; the most is \(maximumAdminNumbers)")
        }
        return numbers
    }
}
