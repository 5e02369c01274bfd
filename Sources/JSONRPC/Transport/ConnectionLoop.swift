/// Serves one connection: answers each line in order and writes the answers back.
enum ConnectionLoop {
    /// Reads `events` until they end, answering each one before reading the next.
    ///
    /// - Throws: when writing to the peer fails (it went away).
    static func serve<Events: AsyncSequence>(
        _ events: Events,
        dispatcher: RPCDispatcher,
        session: RPCSession,
        outbound: any RPCOutbound,
        maximumLineBytes: Int
    ) async throws where Events.Element == LineFramer.Event {
        for try await event in events {
            let answer: [UInt8]?
            switch event {
            case .line(let bytes):
                answer = await dispatcher.handle(line: bytes, session: session)
            case .oversized(let byteCount):
                let error = RPCError.requestTooLarge(byteCount: byteCount, limit: maximumLineBytes)
                answer = JSONWriter.serialize(RPCMessages.failure(error, id: .null))
            }
            if let answer { try await outbound.send(answer) }
        }
    }
}
