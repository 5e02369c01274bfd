import JSONRPC
import Notifier

/// A store's quiet hours as clients see them.
struct QuietHoursView: Encodable, Sendable {
    /// The daily window SMS go out in, in each recipient's local time.
    struct Window: Encodable, Sendable {
        let start: String
        let end: String
    }

    @ExplicitNull var window: Window?
    let storeTimeZone: String
    /// The store events whose SMS wait for the window too.
    let events: [String]
    @ExplicitNull var updatedAt: String?

    init(_ hours: QuietHours) {
        window = hours.window.map { Window(start: $0.startText, end: $0.endText) }
        storeTimeZone = hours.storeTimeZone
        events = hours.events.map(\.scope).sorted()
        updatedAt = hours.updatedAt.map { SeedDate.format(unixSeconds: $0.timeIntervalSince1970) }
    }
}

/// `quietHours.get`: the store's quiet hours.
struct QuietHoursGet: StoreScopedMethod {
    static let name = "quietHours.get"
    let quietHours: QuietHoursService

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> QuietHoursView {
        QuietHoursView(try await quietHours.hours(of: storeID))
    }
}

/// `quietHours.set`: the daily window broadcasts go out in (null: at once), the store's time zone, and the events
/// whose SMS wait too; only what is given changes.
struct QuietHoursSet: StoreScopedMethod {
    static let name = "quietHours.set"
    static let parameters: [RPCParameter] = [
        .optional("window", nullable: true), .optional("storeTimeZone"), .optional("events"),
    ]

    struct WindowParam: Decodable, Sendable, Equatable {
        let start: String
        let end: String
    }

    struct Params: Decodable, Sendable {
        let change: QuietHoursChange

        enum CodingKeys: String, CodingKey { case window, storeTimeZone, events }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var change = QuietHoursChange()
            switch try container.fieldUpdate(.window, as: WindowParam.self) {
            case .keep: break
            case .clear: change.window = .clear
            case .set(let given): change.window = .set(.init(start: given.start, end: given.end))
            }
            change.storeTimeZone = try container.decodeIfPresent(String.self, forKey: .storeTimeZone)
            change.events = try container.decodeIfPresent([String].self, forKey: .events)
            self.change = change
        }
    }

    let quietHours: QuietHoursService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> QuietHoursView {
        QuietHoursView(try await quietHours.update(params.change, of: storeID))
    }
}
