import JSONRPC
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// What a stopping server does with the requests it has: every one gets an answer.
@Suite(.timeLimit(.minutes(1))) struct TCPShutdownTests {
    @Test func aBatchInFlightIsAnsweredWholeAtShutdown() async throws {
        let (started, gate) = AsyncStream.makeStream(of: Void.self)
        try await TCPServerHarness.run(
            configure: { $0.maximumLineBytes = 1 << 20 }, shutdownLimit: .seconds(10),
            extra: [TestMethods.Gate(started: gate)]
        ) { port, group in
            let socket = try RawSocket(port: port, timeout: 30)  // a loaded machine may take a while to stop
            let members = (0..<100).map {
                #"{"jsonrpc":"2.0","method":"test.gate","params":{"milliseconds":500},"id":\#($0)}"#
            }
            try await socket.write("[" + members.joined(separator: ",") + "]\n")
            var arrivals = started.makeAsyncIterator()
            for _ in 0..<RPCDispatcher.batchConcurrency { await arrivals.next() }
            await group.triggerGracefulShutdown()
            let answers = try #require(await socket.readJSON()?.arrayValue)
            #expect(answers.count == 100, "every member is answered")
            let ran = answers.filter { $0["result"] == "slept" }.count
            let refused = answers.filter { $0["error"]?["code"] == -32004 && $0["error"]?["data"]?["ran"] == false }
            #expect(ran == RPCDispatcher.batchConcurrency, "the members in flight finish")
            #expect(refused.count == 100 - ran, "the others are answered without running")
        }
    }

    @Test func pipelinedRequestsAreAllAnsweredAtShutdown() async throws {
        let (started, gate) = AsyncStream.makeStream(of: Void.self)
        try await TCPServerHarness.run(shutdownLimit: .seconds(10), extra: [TestMethods.Gate(started: gate)]) {
            port, group in
            let socket = try RawSocket(port: port, timeout: 30)  // a loaded machine may take a while to stop
            var lines = [#"{"jsonrpc":"2.0","method":"test.gate","params":{"milliseconds":500},"id":0}"#]
            // Nine behind the first: what the server reads ahead of the line in hand (it reads up to ten lines
            // ahead of the one it answers, then waits), so all of them have surely been received.
            lines += (1..<10).map { #"{"jsonrpc":"2.0","method":"get_data","id":\#($0)}"# }
            try await socket.write(lines.joined(separator: "\n") + "\n")
            var arrivals = started.makeAsyncIterator()
            await arrivals.next()
            await group.triggerGracefulShutdown()
            #expect(try await socket.readJSON()?["result"] == "slept")
            for id in 1..<10 {
                let answer = try await socket.readJSON()
                #expect(answer?["id"] == .number(JSONNumber(id)))
                #expect(answer?["error"]?["code"] == -32004)
            }
            #expect(try await socket.readLine() == nil)
        }
    }

    @Test func aCallStillRunningWhenTheGraceEndsIsCancelledAndAnswered() async throws {
        let drain = ShutdownDrain(grace: .milliseconds(300))
        let (started, gate) = AsyncStream.makeStream(of: Void.self)
        try await TCPServerHarness.run(
            drain: drain, shutdownLimit: .seconds(5), extra: [TestMethods.Gate(started: gate)]
        ) {
            port, group in
            let socket = try RawSocket(port: port, timeout: 30)  // a loaded machine may take a while to stop
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.gate","params":{"milliseconds":60000},"id":1}"# + "\n")
            var arrivals = started.makeAsyncIterator()
            await arrivals.next()
            await group.triggerGracefulShutdown()
            let answer = try await socket.readJSON()
            #expect(answer?["error"]?["code"] == -32004)
            #expect(answer?["error"]?["data"]?["ran"] == true)
            #expect(try await socket.readLine() == nil)
        }
        #expect(drain.unansweredCount == 0)
    }

    /// Starts `test.gate` with `params`, cancels the server 300 ms into its shutdown, and returns the answer.
    ///
    /// - Parameter configure: changes to the server's configuration (its nets once cancelled).
    private func answerOfAGateCancelledByShutdown(
        _ params: String, id: Int, configure: (inout TCPServer.Configuration) -> Void = { _ in },
        cancellationLimit: Duration = .seconds(5)
    ) async throws -> JSONValue? {
        // A drain longer than the group's limit: the group cancels the server while the call runs.
        let drain = ShutdownDrain(grace: .seconds(60))
        let (started, gate) = AsyncStream.makeStream(of: Void.self)
        let answer = Mutex<JSONValue?>(nil)
        try await TCPServerHarness.run(
            configure: configure, drain: drain, shutdownLimit: .milliseconds(300),
            cancellationLimit: cancellationLimit, extra: [TestMethods.Gate(started: gate)]
        ) { port, group in
            let socket = try RawSocket(port: port, timeout: 60)
            try await socket.write(
                #"{"jsonrpc":"2.0","method":"test.gate","params":"# + params + #","id":\#(id)}"# + "\n")
            var arrivals = started.makeAsyncIterator()
            await arrivals.next()
            await group.triggerGracefulShutdown()
            let read = try await socket.readJSON()
            answer.withLock { $0 = read }
        }
        return answer.withLock { $0 }
    }

    @Test func cancellingTheServerCancelsCallsInHandAndAnswersThem() async throws {
        let answer = try await answerOfAGateCancelledByShutdown(#"{"milliseconds":60000}"#, id: 1)
        #expect(answer?["error"]?["data"]?["ran"] == true, "\(String(describing: answer))")
    }

    @Test func aCancelledCallSlowToStopIsAnsweredBeforeItsConnectionCloses() async throws {
        // A cancelled call that takes longer to stop than the net for quiet connections (here 0.2 s; a loaded
        // machine can take seconds): its connection is not quiet, so it waits for the answer. The net for
        // every connection and the group's limit are far off here, so that only that rule is tested.
        let answer = try await answerOfAGateCancelledByShutdown(
            #"{"milliseconds":60000,"stopMilliseconds":1200}"#, id: 7,
            configure: {
                $0.cancelledCloseQuietDelay = .milliseconds(200)
                $0.cancelledCloseAllDelay = .seconds(25)
            }, cancellationLimit: .seconds(30))
        #expect(answer?["id"] == 7 && answer?["error"]?["data"]?["ran"] == true, "\(String(describing: answer))")
    }
}
