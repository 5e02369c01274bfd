import Foundation
import JSONRPC

/// Files the tests share, found from this source file's place in the repository.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under `Tests/Fixtures/`.
    public static func url(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/\(name)")
    }

    /// A fresh temporary folder, unique to the caller.
    public static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("mocean-notify-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// One case of `Tests/Fixtures/jsonrpc-cases.jsonl`: a raw request line and the expected answer.
public struct ConformanceCase: Sendable, CustomStringConvertible {
    public let name: String
    /// The exact text to send.
    public let request: String
    /// The expected answer; nil when no answer is due.
    public let expect: JSONValue?
    /// Whether the case needs the spec's demo methods.
    public var needsSpecMethods: Bool { name.hasPrefix("spec-fixture/") }
    public var description: String { name }

    /// All cases in the file.
    public static func all() throws -> [ConformanceCase] {
        let text = try String(contentsOf: Fixtures.url("jsonrpc-cases.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONParser.parse(Array(line.utf8))
            let expect = object["expect"]
            return ConformanceCase(
                name: object["name"]?.stringValue ?? "?", request: object["request"]?.stringValue ?? "",
                expect: expect == .null ? nil : expect)
        }
    }
}
