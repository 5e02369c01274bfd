/// Serves one connection: answers each line in order and writes the answers back.
enum ConnectionLoop {
    /// Reads `events` until they end, answering each one before reading the next.
    ///
    /// - Parameter refusesHTTP: end the session at a line that is an HTTP request line. A web page can make
    ///   a browser POST to a loopback port; without this, the JSON lines of its body would be executed.
    /// - Throws: when writing to the peer fails (it went away).
    static func serve<Events: AsyncSequence>(
        _ events: Events,
        dispatcher: RPCDispatcher,
        session: RPCSession,
        outbound: any RPCOutbound,
        maximumLineBytes: Int,
        refusesHTTP: Bool = false
    ) async throws where Events.Element == LineFramer.Event {
        for try await event in events {
            let answer: [UInt8]?
            switch event {
            case .line(let bytes):
                if refusesHTTP, HTTPRequestLine.matches(bytes) { return }
                answer = await dispatcher.handle(line: bytes, session: session)
            case .oversized(let byteCount):
                let error = RPCError.requestTooLarge(byteCount: byteCount, limit: maximumLineBytes)
                answer = JSONWriter.serialize(RPCMessages.failure(error, id: .null))
            }
            if let answer { try await outbound.send(answer) }
        }
    }
}

/// Recognizes the first line of an HTTP request (`POST / HTTP/1.1`).
enum HTTPRequestLine {
    private static let methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"]

    static func matches(_ line: [UInt8]) -> Bool {
        guard line.count < 8192, let first = line.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z")
        else { return false }
        let text = String(decoding: line, as: UTF8.self)
        return methods.contains { text.hasPrefix($0 + " ") } && text.contains(" HTTP/")
    }
}
