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
    /// The ids of the requests read and not yet answered (as JSON texts), cancelled ones taken out.
    private var open = Set<String>()

    init(logger: Logger) {
        inner = StdioTransport(logger: logger)
        self.logger = logger
    }

    /// Requests read that have no answer written yet.
    var unanswered: Int { open.count }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        for member in Self.members(of: data) where member["method"] == nil {
            if let id = member["id"] { open.remove(Self.key(id)) }
        }
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
        for member in Self.members(of: data) {
            guard let method = member["method"]?.stringValue else { continue }
            if let id = member["id"] {
                open.insert(Self.key(id))
            } else if method == "notifications/cancelled", let id = member["params"]?["requestId"] {
                // A cancelled request is not answered.
                open.remove(Self.key(id))
            }
        }
    }

    private static func members(of data: Data) -> [JSONValue] {
        guard let value = try? JSONParser.parse(Array(data)) else { return [] }
        return value.arrayValue ?? [value]
    }

    private static func key(_ id: JSONValue) -> String {
        String(decoding: JSONWriter.serialize(id), as: UTF8.self)
    }
}
