import JSONRPC
import Notifier
import PhoneNumbers

/// `phone.validate`: checks a number as a store would before sending to it, offline, with libphonenumber's
/// answers; lets admin tools check a number before saving it.
struct PhoneValidate: StoreScopedMethod {
    static let name = "phone.validate"
    static let parameters: [RPCParameter] = [
        .required("number"), .optional("country", nullable: true), .optional("audience", nullable: true),
    ]

    struct Params: Decodable, Sendable {
        let number: String
        /// ISO 3166-1 alpha-2; absent or null: no checking, as in the seed.
        let country: String?
        /// `admin` or `customer`: check against that audience's configured country instead.
        let audience: Audience?
    }

    struct Result: Encodable, Sendable {
        let number: String
        let checked: Bool
        let country: String?
        let valid: Bool?
        let reason: String?
        let e164: String?
        let gatewayNumber: String
        let region: String?
        let type: String?
        let smsCapable: Bool?
        let note: String?

        init(_ check: PhoneCheck) {
            number = check.input
            checked = check.country != nil
            country = check.country
            valid = check.valid
            reason = check.reason
            e164 = check.number?.e164
            gatewayNumber = check.gatewayNumber
            region = check.number?.region
            type = check.number.map { PhoneTypeName.of($0.type) }
            smsCapable = check.smsCapable
            note =
                check.country == nil
                ? "no default country: nothing was checked, and these digits would be sent as they are" : nil
        }

        private enum CodingKeys: String, CodingKey {
            case number, checked, country, valid, reason, e164, gatewayNumber, region, type, smsCapable, note
        }

        /// Written out so that every key is present, null when it does not apply.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(checked, forKey: .checked)
            try container.encode(country, forKey: .country)
            try container.encode(valid, forKey: .valid)
            try container.encode(reason, forKey: .reason)
            try container.encode(e164, forKey: .e164)
            try container.encode(gatewayNumber, forKey: .gatewayNumber)
            try container.encode(region, forKey: .region)
            try container.encode(type, forKey: .type)
            try container.encode(smsCapable, forKey: .smsCapable)
            try container.encode(note, forKey: .note)
        }
    }

    let account: AccountService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        // Characters as JSON Schema's maxLength counts them: Unicode scalars.
        guard params.number.unicodeScalars.count <= 250 else {
            throw RPCError.invalidParams(field: "number", reason: "is longer than 250 characters")
        }
        let settings = try await account.settings(of: storeID)
        var policy: PhonePolicy
        switch (params.country, params.audience) {
        case (.some, .some):
            throw RPCError.invalidParams(
                field: "audience", reason: "cannot be given with country: give one, or neither for no checking")
        case (let country?, nil):
            policy = PhonePolicy.customers(settings)
            policy.country = try Self.country(country)
        case (nil, .admin?):
            policy = .admins(settings)
        case (nil, .customer?):
            policy = .customers(settings)
        case (nil, nil):
            policy = PhonePolicy.customers(settings)
            policy.country = nil
        }
        return Result(PhoneCheck.check(params.number, policy: policy))
    }

    private static func country(_ code: String) throws -> String {
        let upper = code.uppercased()
        guard PhoneNumberUtility.supportedRegions.contains(upper) else {
            throw RPCError.invalidParams(
                field: "country",
                reason: "\"\(code)\" is not a country with a telephone numbering plan: give an ISO 3166-1 alpha-2 "
                    + "code such as MY, SG or GB, or leave it out for no checking")
        }
        return upper
    }
}

/// Number types on the wire: `mobile`, `fixedLine`, `tollFree`...
enum PhoneTypeName {
    static func of(_ type: PhoneNumberType) -> String {
        switch type {
        case .mobile: "mobile"
        case .fixedLine: "fixedLine"
        case .fixedLineOrMobile: "fixedLineOrMobile"
        case .tollFree: "tollFree"
        case .premiumRate: "premiumRate"
        case .sharedCost: "sharedCost"
        case .voip: "voip"
        case .personalNumber: "personalNumber"
        case .pager: "pager"
        case .uan: "uan"
        case .voicemail: "voicemail"
        case .unknown: "unknown"
        }
    }
}
