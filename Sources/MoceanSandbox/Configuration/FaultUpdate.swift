import Foundation

/// A change of fault settings, as `POST /sandbox/faults` takes it: a JSON object with any of `latencyMs`,
/// `failShare`, `failStatus`, `httpErrorShare`, `httpErrorCode`, `dropShare`, and `seed` to restart the
/// generator. Fields left out keep their value.
struct FaultUpdate: Decodable, Sendable {
    var latencyMilliseconds: Int?
    var failShare: Double?
    var failStatus: Int?
    var httpErrorShare: Double?
    var httpErrorCode: Int?
    var dropShare: Double?
    var seed: UInt64?

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            switch key.stringValue {
            case "latencyMs": latencyMilliseconds = try container.decode(Int.self, forKey: key)
            case "failShare": failShare = try container.decode(Double.self, forKey: key)
            case "failStatus": failStatus = try container.decode(Int.self, forKey: key)
            case "httpErrorShare": httpErrorShare = try container.decode(Double.self, forKey: key)
            case "httpErrorCode": httpErrorCode = try container.decode(Int.self, forKey: key)
            case "dropShare": dropShare = try container.decode(Double.self, forKey: key)
            case "seed": seed = try container.decode(UInt64.self, forKey: key)
            default:
                throw SandboxConfigurationError(
                    "unknown field \"\(key.stringValue)\": give latencyMs, failShare, failStatus, httpErrorShare, "
                        + "httpErrorCode, dropShare or seed")
            }
        }
    }

    /// Reads a JSON body.
    ///
    /// - Throws: ``SandboxConfigurationError`` saying what is wrong with it.
    static func parse(_ body: [UInt8]) throws(SandboxConfigurationError) -> FaultUpdate {
        do {
            return try JSONDecoder().decode(FaultUpdate.self, from: Data(body))
        } catch let error as SandboxConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw SandboxConfigurationError(describe(error))
        } catch {
            throw SandboxConfigurationError("the body is not a JSON object of fault settings")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context? =
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                context
            default: nil
            }
        guard let field = context?.codingPath.last?.stringValue else {
            return "the body is not a JSON object of fault settings"
        }
        return field.hasSuffix("Share") ? "\(field) must be a number" : "\(field) must be a whole number"
    }

    /// `settings` with the fields given here changed.
    func applied(to settings: FaultSettings) -> FaultSettings {
        var changed = settings
        if let latencyMilliseconds { changed.latencyMilliseconds = latencyMilliseconds }
        if let failShare { changed.failShare = failShare }
        if let failStatus { changed.failStatus = failStatus }
        if let httpErrorShare { changed.httpErrorShare = httpErrorShare }
        if let httpErrorCode { changed.httpErrorCode = httpErrorCode }
        if let dropShare { changed.dropShare = dropShare }
        return changed
    }
}
