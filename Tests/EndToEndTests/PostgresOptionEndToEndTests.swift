import Foundation
import TestSupport
import Testing

/// `serve --database postgres://…` that cannot start: a URL that is not acceptable, or a server that does not
/// answer, is said in words with the URL without its password, exit status 2, and nothing is taken for a
/// file's name.
@Suite(.timeLimit(.minutes(1))) struct PostgresOptionEndToEndTests {
    @Test(arguments: [
        (
            "postgres://notify:pa55word@127.0.0.1:5/shop",
            "postgres://notify@127.0.0.1:5/shop (sslmode prefer) did not answer"
        ),
        ("postgresql://notify@127.0.0.1/shop?sslmode=sometimes", "sslmode sometimes is not taken"),
    ])
    func aPostgresURLIsRefusedInWordsAndMakesNoFile(url: String, says: String) async throws {
        let server = try ServerProcess(
            ["serve", "--tcp", "127.0.0.1:0", "--database", url],
            standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        #expect(await server.waitForExit(seconds: 40) != 0)
        #expect(await server.stderr.waitForEnd())
        let said = server.stderr.all.joined(separator: "\n")
        #expect(said.contains(says), "\(said)")
        #expect(!said.contains("pa55word"), "the password is never said")
        // A path would have been taken relative to the working directory: "postgres:/…".
        let scheme = String(url.prefix { $0 != "/" })
        #expect(!FileManager.default.fileExists(atPath: scheme), "no file was made")
    }
}
