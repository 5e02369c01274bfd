import JSONRPC
import TestSupport
import Testing

/// The 35 cases of `Tests/Fixtures/jsonrpc-cases.jsonl`, through the dispatcher in process.
@Suite struct ConformanceTests {
    static let cases = (try? ConformanceCase.all()) ?? []

    @Test func theFixtureFileHasAllCases() {
        #expect(Self.cases.count == 35)
    }

    @Test(arguments: cases)
    func answersAsTheSpecSays(_ testCase: ConformanceCase) async throws {
        let answer = try await EngineHarness().answer(testCase.request)
        #expect(
            ResponseMatching.matches(testCase.expect, answer),
            "sent \(testCase.request)\nexpected \(testCase.expect?.description ?? "no answer")\ngot \(answer?.description ?? "no answer")"
        )
    }
}
