import HTTPClient
import MoceanAPI
import MoceanSandbox
import Testing

/// The libcurl client's edges: shutting down with requests in flight, calls after shutdown, oversized answers.
@Suite(.timeLimit(.minutes(1))) struct CurlLifecycleTests {
    @Test func shutdownFailsEveryRequestInFlightAndEveryLaterOne() async throws {
        let slow = SandboxConfiguration(faults: FaultSettings(latencyMilliseconds: 15_000), seed: 8)
        try await withSandbox(slow) { baseURL, _ in
            let http = CurlHTTPClient()
            let request = HTTPRequest(method: .get, url: baseURL + "/rest/2/account/balance", timeout: .seconds(30))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: HTTPTransportError.Kind?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await http.perform(request)
                            return nil
                        } catch let error as HTTPTransportError {
                            return error.kind
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                http.shutdown()
                for try await kind in group {
                    #expect(kind == .shutDown)
                }
            }
            #expect(ContinuousClock.now - started < .seconds(10), "in-flight requests end at shutdown, not at 15 s")
            let late = await #expect(throws: HTTPTransportError.self) { try await http.perform(request) }
            #expect(late?.kind == .shutDown)
        }
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
        try await withSandbox { baseURL, _ in
            let http = CurlHTTPClient(configuration: .init(maximumResponseBytes: 16))
            let error = await #expect(throws: HTTPTransportError.self) {
                try await http.perform(HTTPRequest(method: .get, url: baseURL + "/sandbox/stats"))
            }
            #expect(error?.kind == .responseTooLarge)
        }
    }

    @Test func manyClientsComeAndGo() async throws {
        try await withSandbox { baseURL, _ in
            for _ in 0..<20 {
                let http = CurlHTTPClient()
                let answer = try await http.perform(HTTPRequest(method: .get, url: baseURL + "/sandbox/stats"))
                #expect(answer.status == 200)
            }
        }
    }
}
