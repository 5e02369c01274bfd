import Foundation
import JSONCore

/// Customers from a file, for stores without API access: CSV with a header row (`first_name`, `last_name`,
/// `email`, `phone`, and optionally `id`, the store's customer id, and `country`), or JSON lines with the same
/// names (camelCase works too).
public enum CustomerImport {
    /// The formats.
    public enum Format: String, Sendable, CaseIterable, Codable, StringEnumeration {
        public static let valueNoun = "an import format"
        case csv, jsonl
    }

    /// What an import did.
    public struct Outcome: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        public var withoutPhone = 0
        /// Rows whose phone the customer policy refuses, with the reason (1-based row numbers, header excluded).
        public var refused: [(row: Int, reason: String)] = []

        public static func == (left: Outcome, right: Outcome) -> Bool {
            left.added == right.added && left.updated == right.updated && left.withoutPhone == right.withoutPhone
                && left.refused.map { "\($0.row) \($0.reason)" } == right.refused.map { "\($0.row) \($0.reason)" }
        }
    }

    /// The customers in `text`.
    ///
    /// - Throws: ``ValidationError`` naming the row and what is wrong with it.
    public static func parse(_ text: String, format: Format) throws(ValidationError) -> [CustomerDirectory.Given] {
        switch format {
        case .csv: try parseCSV(text)
        case .jsonl: try parseJSONLines(text)
        }
    }

    private static func parseCSV(_ text: String) throws(ValidationError) -> [CustomerDirectory.Given] {
        let records = CSVRecords.parse(text)
        guard let header = records.first?.map({ $0.trimmingWhitespace.lowercased() }) else { return [] }
        let known = ["first_name", "last_name", "email", "phone", "id", "country"]
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw ValidationError(
                field: "content", reason: "the header names an unknown column \"\(unknown.prefix(40))\"",
                accepted: known)
        }
        guard header.contains("phone") || header.contains("email") else {
            throw ValidationError(
                field: "content", reason: "the header needs a phone or an email column", accepted: known)
        }
        var customers: [CustomerDirectory.Given] = []
        for (index, fields) in records.dropFirst().enumerated() {
            guard fields.contains(where: { !$0.trimmingWhitespace.isEmpty }) else { continue }
            var values: [String: String] = [:]
            for (name, field) in zip(header, fields) where !field.trimmingWhitespace.isEmpty {
                values[name] = field.trimmingWhitespace
            }
            customers.append(try given(values, row: index + 1))
        }
        return customers
    }

    private static func parseJSONLines(_ text: String) throws(ValidationError) -> [CustomerDirectory.Given] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingWhitespace.isEmpty }
        var customers: [CustomerDirectory.Given] = []
        for (index, line) in lines.enumerated() {
            guard case .object(let object) = try? JSONParser.parse(Array(line.utf8)) else {
                throw ValidationError(field: "content", reason: "line \(index + 1) is not a JSON object")
            }
            var values: [String: String] = [:]
            for member in object {
                let name = ["firstName": "first_name", "lastName": "last_name"][member.key] ?? member.key
                if let text = TemplateValue.text(member.value) { values[name] = text }
            }
            customers.append(try given(values, row: index + 1))
        }
        return customers
    }

    private static func given(_ values: [String: String], row: Int) throws(ValidationError) -> CustomerDirectory.Given {
        var storeID: Int64?
        if let id = values["id"] {
            guard let parsed = Int64(id), parsed > 0 else {
                throw ValidationError(
                    field: "content", reason: "row \(row): id \"\(id.prefix(20))\" is not a whole number")
            }
            storeID = parsed
        }
        return CustomerDirectory.Given(
            storeCustomerID: storeID, firstName: values["first_name"], lastName: values["last_name"],
            email: values["email"], phone: values["phone"], phoneCountry: values["country"]?.uppercased())
    }
}

/// RFC 4180 records: fields separated by commas, quoted when they hold commas, quotes or line breaks.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

extension CustomerDirectory {
    /// Saves the customers of `text` (matched by store id when they have one), each phone checked by the
    /// customer policy.
    public func importCustomers(_ text: String, format: CustomerImport.Format, store: StoreID) async throws
        -> CustomerImport.Outcome
    {
        let customers = try CustomerImport.parse(text, format: format)
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        let writes = customers.map { CustomerWrite($0, source: .import, run: nil, policy: policy) }
        let outcomes = try await storage.save(writes, of: store, now: now())
        var outcome = CustomerImport.Outcome()
        for (index, (customer, saved)) in zip(writes, outcomes).enumerated() {
            switch saved {
            case .added: outcome.added += 1
            case .updated: outcome.updated += 1
            }
            if customer.given.phone == nil {
                outcome.withoutPhone += 1
            } else if let refusal = customer.refusal {
                outcome.refused.append((index + 1, refusal))
            }
        }
        return outcome
    }
}
