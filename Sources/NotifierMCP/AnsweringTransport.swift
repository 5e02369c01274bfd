import Foundation
import JSONCore
import Logging
import MCP

/// The stdio transport, counting the requests read and the answers written: the library answers each request
/// from a task of its own, so the server knows from these counts when every request read has its answer
/// (stdin ended, or the service stops) before it closes stdout.
actor AnsweringTransport: Transport {
    private let inner: StdioTransport
    nonisolated let logger: Logger
    private var requests = 0
    private var answers = 0

    init(logger: Logger) {
        inner = StdioTransport(logger: logger)
        self.logger = logger
    }

    /// Requests read that have no answer written yet.
    var unanswered: Int { requests - answers }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        answers += Self.count(in: data, answers: true)
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let stream = AsyncThrowingStream<Data, Swift.Error> { continuation in
            let task = Task {
                do {
                    for try await data in await inner.receive() {
                        await self.read(data)
                        continuation.yield(data)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return stream
    }

    private func read(_ data: Data) {
        requests += Self.count(in: data, answers: false)
    }

    /// How many requests (`answers` false) or answers (`answers` true) a message, or a batch, holds.
    private static func count(in data: Data, answers: Bool) -> Int {
        guard let value = try? JSONParser.parse(Array(data)) else { return 0 }
        let members = value.arrayValue ?? [value]
        return members.filter { member in
            guard member["id"] != nil else { return false }
            return answers ? member["method"] == nil : member["method"] != nil
        }.count
    }
}
