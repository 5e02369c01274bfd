import Foundation
import JSONCore
import JSONRPC
import Logging
import MCP

/// MCP's stdio transport over the project's own stdio: lines read by blocking reads on a thread of their own
/// (``StdinEvents``, no polling, so an answer leaves as soon as it is ready) and written by
/// ``FileDescriptorOutbound``; stdout is left blocking, as the rest of the process expects.
///
/// It also keeps the ids of the requests read and not yet answered: the library answers each request from a
/// task of its own, so the server knows from them when every request has its answer (stdin ended, or the
/// service stops) before it closes stdout. A request the client cancels is not answered, and is taken out.
actor MCPStdioTransport: Transport {
    nonisolated let logger: Logger
    private let maximumLineBytes: Int
    private var events: StdinEvents?
    private let outbound = FileDescriptorOutbound(descriptor: 1)
    private var open = Set<String>()

    init(maximumLineBytes: Int, logger: Logger) {
        self.maximumLineBytes = maximumLineBytes
        self.logger = logger
    }

    /// Requests read that have no answer written yet.
    var unanswered: Int { open.count }

    func connect() async throws {
        if events == nil { events = StdinEvents(descriptor: 0, maximumLineBytes: maximumLineBytes) }
    }

    func disconnect() async { events?.stop() }

    func send(_ data: Data) async throws {
        try await outbound.send(Array(data))
        for member in Self.members(of: data) where member["method"] == nil {
            if let id = member["id"] { open.remove(Self.key(id)) }
        }
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        AsyncThrowingStream<Data, Swift.Error> { continuation in
            let task = Task {
                guard let events = await self.events else {
                    continuation.finish()
                    return
                }
                for await event in events {
                    switch event {
                    case .line(let bytes):
                        guard !bytes.isEmpty else { continue }
                        await self.read(bytes)
                        continuation.yield(Data(bytes))
                    case .oversized(let count, _):
                        logger.warning("dropped a line of \(count) bytes: longer than \(maximumLineBytes)")
                    }
                }
                logger.info("stdin ended")
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func read(_ bytes: [UInt8]) {
        for member in Self.members(of: bytes) {
            guard let method = member["method"]?.stringValue else { continue }
            if let id = member["id"] {
                open.insert(Self.key(id))
            } else if method == "notifications/cancelled", let id = member["params"]?["requestId"] {
                open.remove(Self.key(id))
            }
        }
    }

    private static func members(of bytes: some Collection<UInt8>) -> [JSONValue] {
        guard let value = try? JSONParser.parse(bytes) else { return [] }
        return value.arrayValue ?? [value]
    }

    private static func key(_ id: JSONValue) -> String {
        String(decoding: JSONWriter.serialize(id), as: UTF8.self)
    }
}
