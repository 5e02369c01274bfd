/// What one audience is notified of: each event's switch and template, and for admins, the numbers.
public struct AudienceSettings: Sendable, Equatable {
    /// One event's setting.
    public struct EventSetting: Sendable, Equatable {
        public let event: StoreEvent
        public let enabled: Bool
        public let template: String
        /// Whether `template` is the default one (never changed, or reset with null).
        public let isDefaultTemplate: Bool
        /// For `store/order/updated` only (nil for every other event): whether the audience is told of an update
        /// only when the order's status changed, so that back-office edits send nothing. On by default for
        /// customers, off for admins (who hear of every update, as in the seed).
        public let statusChangesOnly: Bool?

        /// Whether `event` has the ``statusChangesOnly`` setting.
        public static func hasStatusChangesOnly(_ event: StoreEvent) -> Bool {
            event == .orderUpdated
        }

        /// The setting's value when never set.
        public static func defaultStatusChangesOnly(for audience: Audience) -> Bool {
            audience == .customer
        }
    }

    /// One admin number: the digits sent and the number as typed.
    public struct AdminNumber: Sendable, Equatable {
        public let number: String
        public let typed: String

        public init(number: String, typed: String) {
            self.number = number
            self.typed = typed
        }
    }

    public let audience: Audience
    /// Every event, in the seed's order.
    public let events: [EventSetting]
    /// Admins only; empty for customers (their numbers come with each order).
    public let adminNumbers: [AdminNumber]
}

/// A change to one audience's settings (`notifications.configure`): only what it gives changes.
public struct NotificationChange: Sendable, Equatable {
    /// A change to one event.
    public struct EventChange: Sendable, Equatable {
        public var enabled: Bool?
        /// `.clear` returns to the default template.
        public var template: FieldUpdate<String> = .keep
        /// See ``AudienceSettings/EventSetting/statusChangesOnly``; `store/order/updated` only.
        public var statusChangesOnly: Bool?

        public init(enabled: Bool? = nil, template: FieldUpdate<String> = .keep, statusChangesOnly: Bool? = nil) {
            self.enabled = enabled
            self.template = template
            self.statusChangesOnly = statusChangesOnly
        }
    }

    /// Admin numbers as given: one line of text (the seed's form, see ``AdminNumberText``) or a list.
    public enum AdminNumbers: Sendable, Equatable {
        case text(String)
        case list([String])
    }

    public var audience: Audience
    public var events: [StoreEvent: EventChange]
    /// The admin numbers as typed; nil leaves them. Admins only.
    public var adminNumbers: AdminNumbers?

    public init(audience: Audience, events: [StoreEvent: EventChange] = [:], adminNumbers: AdminNumbers? = nil) {
        self.audience = audience
        self.events = events
        self.adminNumbers = adminNumbers
    }
}
