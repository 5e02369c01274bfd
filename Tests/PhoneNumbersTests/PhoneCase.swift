import Foundation

/// One line of `Tests/Fixtures/phone-cases.jsonl`: an input, a default region, and libphonenumber's answers.
struct PhoneCase: Decodable {
    let input: String
    let region: String?
    let parses: Bool
    let error: String?
    let countryCode: Int?
    let nationalNumber: String?
    let e164: String?
    let `extension`: String?
    let valid: Bool?
    let validForRegion: Bool?
    let type: String?

    /// The repository's root folder, found from this file's place in it.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The cases file: `PHONE_CASES_FILE` when set (for larger sets written elsewhere), else the committed one.
    static var file: URL {
        if let path = ProcessInfo.processInfo.environment["PHONE_CASES_FILE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.appendingPathComponent("Tests/Fixtures/phone-cases.jsonl")
    }

    /// All the cases of the file.
    static func all() throws -> [PhoneCase] {
        let text = try String(contentsOf: file, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(PhoneCase.self, from: Data($0.utf8)) }
    }
}
