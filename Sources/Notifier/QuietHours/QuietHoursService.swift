import Foundation

/// A change to a store's quiet hours (`quietHours.set`): only what is given changes.
public struct QuietHoursChange: Sendable, Equatable {
    /// The window as `HH:MM` texts; `.clear` turns quiet hours off.
    public var window: FieldUpdate<WindowText> = .keep
    public var storeTimeZone: String?
    /// The scopes of the store events whose SMS wait too.
    public var events: [String]?

    public init() {}

    /// A window as given.
    public struct WindowText: Sendable, Equatable {
        public let start: String
        public let end: String

        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// `hours` with the change, every field checked.
    ///
    /// - Parameter storeZone: the store's own zone as BigCommerce gives it, taken when no zone was ever given.
    /// - Throws: ``ValidationError`` naming the first field that is not acceptable.
    func applied(to hours: QuietHours?, storeZone: String? = nil) throws(ValidationError) -> QuietHours {
        var result = hours ?? QuietHours(window: nil, storeTimeZone: "", events: [])
        switch window {
        case .keep: break
        case .clear: result.window = nil
        case .set(let given): result.window = try SendingWindow(start: given.start, end: given.end)
        }
        if let storeTimeZone {
            let name = storeTimeZone.trimmingWhitespace
            guard TimeZone(identifier: name) != nil, name.contains("/") || name == "UTC" else {
                throw ValidationError(
                    field: "storeTimeZone",
                    reason: "\"\(storeTimeZone.prefix(60))\" is not an IANA time zone: give one such as "
                        + "Asia/Kuala_Lumpur, Europe/London or America/Chicago")
            }
            result.storeTimeZone = name
        }
        if let events {
            var chosen = Set<StoreEvent>()
            for (index, scope) in events.enumerated() {
                guard let event = StoreEvent(scope: scope) else {
                    throw ValidationError(
                        field: "events[\(index)]",
                        reason: "\"\(scope.prefix(80))\" is not one of the nine store events",
                        accepted: StoreEvent.allCases.map(\.scope))
                }
                chosen.insert(event)
            }
            result.events = chosen
        }
        if result.storeTimeZone.isEmpty, let storeZone, TimeZone(identifier: storeZone) != nil {
            result.storeTimeZone = storeZone
        }
        if result.storeTimeZone.isEmpty {
            guard result.window == nil else {
                throw ValidationError(
                    field: "storeTimeZone",
                    reason: "is needed with a window (the store's own zone is not known: no store is connected): the "
                        + "local time of recipients in countries with several time zones, such as Asia/Kuala_Lumpur "
                        + "or America/Chicago")
            }
            result.storeTimeZone = "UTC"
        }
        return result
    }
}

/// Each store's quiet hours.
public struct QuietHoursService: Sendable {
    let storage: any QuietHoursStorage
    /// The store connections, whose zone (from BigCommerce) is the default store zone.
    let stores: StoreService?
    let now: @Sendable () -> Date

    public init(
        storage: any QuietHoursStorage, stores: StoreService? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.stores = stores
        self.now = now
    }

    /// How long after a change the rows held by the old hours fall due.
    static let releaseDelay: TimeInterval = 6

    /// The quiet hours of `store` (none when it never set them).
    public func hours(of store: StoreID) async throws -> QuietHours {
        try await storage.load(of: store) ?? .none
    }

    /// Checks and saves `change`.
    ///
    /// - Throws: ``ValidationError`` for a field that is not acceptable; nothing is saved then.
    public func update(_ change: QuietHoursChange, of store: StoreID) async throws -> QuietHours {
        let storeZone = try await stores?.settings(of: store).storeTimezone
        var hours = try change.applied(to: try await storage.load(of: store), storeZone: storeZone)
        let time = now()
        hours.updatedAt = time
        // Due once every sender has read the new hours (each reads them again within 5 s), so that none holds a
        // released row again under the old ones.
        try await storage.save(hours, of: store, releaseAt: time.addingTimeInterval(Self.releaseDelay))
        return hours
    }
}
