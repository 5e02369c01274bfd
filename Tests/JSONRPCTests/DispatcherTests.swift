import JSONRPC
import Logging
import TestSupport
import Testing

@Suite struct DispatcherTests {
    let harness = EngineHarness()

    @Test func bindsParamsByPositionAndByName() async throws {
        let byPosition = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":["S",5],"id":1}"#)
        let byName = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":{"limit":5,"sender":"S"},"id":1}"#)
        #expect(byPosition?["result"] == ["sender": "S", "limit": 5])
        #expect(byName?["result"] == byPosition?["result"])
    }

    @Test func refusesAnUnknownParamNamingTheAcceptedOnes() async throws {
        let answer = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":{"sendr":"S"},"id":1}"#)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["field"] == "sendr")
        #expect(answer?["error"]?["data"]?["reason"]?.stringValue?.contains("accepted: sender, limit, tags") == true)
    }

    @Test func refusesAMissingRequiredParam() async throws {
        let answer = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":{"limit":1},"id":1}"#)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["field"] == "sender")
        #expect(answer?["error"]?["data"]?["reason"] == "is required")
    }

    @Test func refusesSurplusPositions() async throws {
        let answer = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":["S",1,[],4],"id":1}"#)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["reason"]?.stringValue?.contains("at most 3") == true)
    }

    @Test func namesTheNestedFieldOfAWrongType() async throws {
        let answer = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.configure","params":{"sender":"S","tags":["a",2]},"id":1}"#)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["field"] == "tags[1]")
        #expect(
            answer?["error"]?["message"]?.stringValue?.contains("\"tags[1]\" expected a string, got a number") == true)
    }

    @Test func hidesTheDetailOfAnInternalErrorAndLogsIt() async throws {
        let log = CapturingLogHandler()
        let harness = EngineHarness(logger: Logger(label: "test", factory: { _ in log }))
        let answer = try await harness.answer(#"{"jsonrpc":"2.0","method":"test.explode","id":9}"#)
        #expect(answer?["error"]?["code"] == -32603)
        #expect(answer?["error"]?["message"] == "Internal error")
        #expect(answer?.description.contains("hunter2") == false)
        #expect(log.messages.withLock { $0.contains { $0.contains("hunter2") } }, "the detail goes to the log")
    }

    @Test func refusesABatchOverTheLimitWhole() async throws {
        let member = #"{"jsonrpc":"2.0","method":"get_data","id":1}"#
        let answer = try await harness.answer("[" + Array(repeating: member, count: 1001).joined(separator: ",") + "]")
        #expect(answer?["error"]?["code"] == -32600)
        #expect(answer?["error"]?["data"]?["reason"]?.stringValue?.contains("limit is 1000") == true)
        let allowed = try await harness.answer("[" + Array(repeating: member, count: 1000).joined(separator: ",") + "]")
        #expect(allowed?.arrayValue?.count == 1000)
    }

    @Test func authenticationInABatchCountsForTheWholeBatch() async throws {
        for _ in 0..<20 {
            let harness = EngineHarness(requiresAuthentication: true)
            let answer = try await harness.answer(
                #"[{"jsonrpc":"2.0","method":"get_data","id":1},{"jsonrpc":"2.0","method":"test.authenticate","params":["letmein"],"id":2}]"#
            )
            #expect(answer?.arrayValue?.map { $0["id"] } == [1, 2], "answers keep the batch's order")
            #expect(answer?.arrayValue?.first?["result"] == ["hello", 5])
        }
    }

    @Test func refusesNumbersOutOfRange() async throws {
        let answer = try await harness.answer(#"{"jsonrpc":"2.0","method":"subtract","params":[1e400,0],"id":1}"#)
        #expect(answer?["error"]?["code"] == -32602)
        #expect(answer?["error"]?["data"]?["field"] == "minuend")
    }

    @Test func aFailingNotificationGetsNoAnswer() async throws {
        #expect(try await harness.answer(#"{"jsonrpc":"2.0","method":"test.explode"}"#) == nil)
        #expect(try await harness.answer(#"{"jsonrpc":"2.0","method":"subtract","params":{"x":1}}"#) == nil)
    }

    @Test func sendsTheServersOwnNotificationsBeforeTheAnswer() async throws {
        let answer = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.progress","params":{"count":3},"id":"p"}"#)
        #expect(answer?["result"] == "finished")
        let sent = await harness.outbound.messages
        #expect(sent.count == 3)
        #expect(sent.last == ["jsonrpc": "2.0", "method": "test.progress", "params": ["done": 3, "total": 3]])
        #expect(sent.allSatisfy { $0["id"] == nil })
    }

    @Test(.timeLimit(.minutes(1)))
    func runsTheMembersOfABatchConcurrently() async throws {
        let harness = EngineHarness(extra: [TestMethods.Rendezvous()])
        // Each member waits until all three have started: a server running them one by one never answers.
        let batch = (1...3).map { #"{"jsonrpc":"2.0","method":"test.rendezvous","params":{"peers":3},"id":\#($0)}"# }
        let answer = try await harness.answer("[" + batch.joined(separator: ",") + "]")
        let positions = answer?.arrayValue?.compactMap { $0["result"] }
        #expect(positions?.count == 3)
        #expect(Set(positions ?? []) == [1, 2, 3])
    }

    @Test func aBatchAnswersInTheOrderOfItsMembers() async throws {
        let batch = (1...40).map { #"{"jsonrpc":"2.0","method":"subtract","params":[\#($0),0],"id":\#($0)}"# }
        let answer = try await harness.answer("[" + batch.joined(separator: ",") + "]")
        #expect(answer?.arrayValue?.map { $0["id"] } == (1...40).map { .number(JSONNumber($0)) })
    }

    @Test func anUnauthenticatedSessionMayOnlyAuthenticate() async throws {
        let harness = EngineHarness(requiresAuthentication: true)
        let refused = try await harness.answer(#"{"jsonrpc":"2.0","method":"get_data","id":1}"#)
        #expect(refused?["error"]?["code"] == -32001)
        #expect(try await harness.answer(#"{"jsonrpc":"2.0","method":"get_data"}"#) == nil)
        let unknown = try await harness.answer(#"{"jsonrpc":"2.0","method":"nope","id":2}"#)
        #expect(unknown?["error"]?["code"] == -32001, "an unauthenticated client learns nothing of the method list")
        let wrong = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.authenticate","params":["guess"],"id":3}"#)
        #expect(wrong?["error"]?["code"] == -32002)
        let right = try await harness.answer(
            #"{"jsonrpc":"2.0","method":"test.authenticate","params":["letmein"],"id":4}"#)
        #expect(right?["result"] == true)
        let allowed = try await harness.answer(#"{"jsonrpc":"2.0","method":"get_data","id":5}"#)
        #expect(allowed?["result"] == ["hello", 5])
    }

    @Test func listsItsSignaturesForTheContract() {
        let signatures = harness.dispatcher.signatures
        #expect(signatures["subtract"] == [.required("minuend"), .required("subtrahend")])
        #expect(signatures["test.configure"]?.map(\.isRequired) == [true, false, false])
    }
}
