import HostAddress
import PhoneNumbers

/// The rules for each account field; each returns the value as it will be stored.
enum AccountValidation {
    /// An API key, secret or token: printable ASCII without spaces (surrounding white space, usually from
    /// copying, is dropped), 1 to 256 characters. Reasons never repeat the value.
    static func credential(field: String) -> (String) throws(ValidationError) -> String {
        { (value: String) throws(ValidationError) -> String in
            let trimmed = value.trimmingWhitespace
            guard !trimmed.isEmpty else { throw ValidationError(field: field, reason: "must not be empty") }
            guard trimmed.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                throw ValidationError(
                    field: field,
                    reason: "may hold only printable ASCII characters without spaces, as MoceanAPI issues them")
            }
            guard trimmed.count <= 256 else {
                throw ValidationError(field: field, reason: "is \(trimmed.count) characters long; the most is 256")
            }
            return trimmed
        }
    }

    /// "Message From": 1 to 11 letters and digits, or 1 to 15 digits.
    static func sender(_ value: String) throws(ValidationError) -> String {
        let sender = value.trimmingWhitespace
        let accepted = "1 to 11 letters and digits (e.g. MyShop), or 1 to 15 digits (e.g. 60123456789)"
        guard !sender.isEmpty else {
            throw ValidationError(field: "sender", reason: "must not be empty: give \(accepted)")
        }
        guard sender.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(
                field: "sender", reason: "\"\(sender)\" has characters other than letters and digits: give \(accepted)")
        }
        let limit = sender.allSatisfy(\.isNumber) ? 15 : 11
        guard sender.count <= limit else {
            throw ValidationError(
                field: "sender", reason: "\"\(sender)\" is \(sender.count) characters long: give \(accepted)")
        }
        return sender
    }

    /// A two-letter country code (ISO 3166-1 alpha-2, in either case) of a country with a telephone
    /// numbering plan: the same list `phone.validate` accepts, so every country saved can check numbers.
    static func country(field: String) -> (String) throws(ValidationError) -> String {
        { (value: String) throws(ValidationError) -> String in
            let code = value.trimmingWhitespace.uppercased()
            guard PhoneNumberUtility.supportedRegions.contains(code) else {
                throw ValidationError(
                    field: field,
                    reason: "\"\(value)\" is not an ISO 3166-1 alpha-2 code of a country with a telephone numbering "
                        + "plan: give two letters such as MY, SG or GB, or null for no checking")
            }
            return code
        }
    }

    /// The gateway's URL: see ``serviceURL(_:field:example:credentials:)``.
    static func gatewayURL(_ value: String) throws(ValidationError) -> String {
        try serviceURL(
            value, field: "gatewayUrl", example: "https://rest.moceanapi.com",
            credentials: "apiKey/apiSecret or apiToken")
    }

    /// An http(s) URL with a host and nothing after the path, https unless it is this machine's; stored without
    /// a trailing slash.
    static func serviceURL(
        _ value: String, field: String, example: String, credentials: String
    ) throws(ValidationError) -> String {
        let url = value.trimmingWhitespace
        let accepted = "an http or https URL such as \(example)"
        let lowered = url.lowercased()
        guard let schemeEnd = lowered.range(of: "://"), ["http", "https"].contains(lowered[..<schemeEnd.lowerBound])
        else {
            throw ValidationError(field: field, reason: "\"\(url)\" is not \(accepted)")
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty, !authority.hasPrefix(":") else {
            throw ValidationError(field: field, reason: "\"\(url)\" has no host: give \(accepted)")
        }
        guard !authority.contains("@") else {
            throw ValidationError(field: field, reason: "must not carry credentials: give them as \(credentials)")
        }
        let host = HostAddress.host(ofAuthority: authority)
        let portText =
            authority.hasPrefix("[") ? authority.drop { $0 != "]" }.dropFirst() : authority.drop { $0 != ":" }
        if !portText.isEmpty {
            guard portText.hasPrefix(":"), let port = Int(portText.dropFirst()), (1...65535).contains(port) else {
                throw ValidationError(field: field, reason: "\"\(url)\" has no valid port (1 to 65535)")
            }
        }
        // Host names are case-insensitive; a name that merely starts with "127." is not this machine.
        let loopback = HostAddress.isLoopback(host.lowercased())
        guard lowered.hasPrefix("https://") || loopback else {
            throw ValidationError(
                field: field,
                reason: "\"\(url)\" would send the credentials unencrypted: use https, or http only on this "
                    + "machine (127.0.0.1, localhost)")
        }
        guard !url.contains("?"), !url.contains("#"), !url.contains(where: \.isWhitespace) else {
            throw ValidationError(
                field: field, reason: "\"\(url)\" has a query, a fragment or spaces: give \(accepted)")
        }
        var stored = url
        while stored.hasSuffix("/") { stored.removeLast() }
        return stored
    }
}

extension String {
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
