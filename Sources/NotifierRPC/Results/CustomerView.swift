import Notifier

/// A customer of the directory as clients see it.
struct CustomerView: Encodable, Sendable {
    let id: Int64
    let storeCustomerId: Int64?
    let firstName: String?
    let lastName: String?
    let email: String?
    /// The phone as found.
    let phone: String?
    /// The digits an SMS would go to; null when there is no phone or the customer policy refuses it.
    let phoneDigits: String?
    let phoneCountry: String?
    /// Why no SMS can reach the customer, when none can.
    let phoneReason: String?
    /// `store`, `import` or `manual`.
    let source: String
    let seenAt: String
    /// Whether the customer's number opted out of broadcasts (`optOut.add`).
    let optedOut: Bool

    init(_ record: CustomerRecord, optedOut: Set<String>) {
        id = record.id ?? 0
        storeCustomerId = record.storeCustomerID
        firstName = record.firstName
        lastName = record.lastName
        email = record.email
        phone = record.phone
        phoneDigits = record.phoneDigits
        phoneCountry = record.phoneCountry
        phoneReason = record.phoneReason
        source = record.source.rawValue
        seenAt = SeedDate.format(record.seenAt)
        self.optedOut = record.phoneDigits.map(optedOut.contains) ?? false
    }

    /// The views of `store`'s `records`, their opt-outs looked up at once.
    static func views(_ records: [CustomerRecord], optOuts: OptOuts, store: StoreID) async throws -> [CustomerView] {
        let optedOut = try await optOuts.optedOut(among: records.compactMap(\.phoneDigits), store: store)
        return records.map { CustomerView($0, optedOut: optedOut) }
    }
}
