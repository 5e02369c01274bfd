import Foundation
import Glibc
import Synchronization

/// Requests over several TCP connections to one server, each answer timed: either as fast as a window of
/// requests in flight per connection allows (closed loop), or paced at a fixed rate over all connections
/// whatever the answers do (open loop: a slow answer does not delay the next request, and each latency is
/// counted from the moment its request was due, so a server that falls behind shows it).
struct IngestSession {
    let port: Int
    let connections: Int
    let requests: Int
    /// Requests in flight per connection at most, when not paced.
    let window: Int
    /// Requests per second over all connections; 0 for as fast as the window allows.
    let ratePerSecond: Double
    /// Makes request number `index` (a full line, newline included).
    let makeRequest: @Sendable (Int) -> [UInt8]

    struct Outcome {
        /// Of each request, in nanoseconds.
        var latencies: [UInt64]
        /// When the first request was due.
        var start: UInt64
        /// When the last answer came.
        var lastAnswer: UInt64
        /// Answers that did not accept the request (errors, duplicates).
        var rejected: Int
    }

    func run() throws -> Outcome {
        let sockets = try (0..<connections).map { _ in try TCPLoad.connect(port: port) }
        defer { sockets.forEach { close($0) } }
        return ratePerSecond > 0 ? try paced(sockets) : try windowed(sockets)
    }

    private func windowed(_ sockets: [Int32]) throws -> Outcome {
        var sentAt = [UInt64](repeating: 0, count: requests)
        var latencies = [UInt64](repeating: 0, count: requests)
        // The requests of each connection still waiting for their answer, oldest first (from `heads`).
        var waiting = [[Int]](repeating: [], count: sockets.count)
        var heads = [Int](repeating: 0, count: sockets.count)
        var reader = AnswerReader(sockets: sockets)
        var next = 0
        var answered = 0
        var rejected = 0
        let start = Clock.nanoseconds()
        var last = start
        while answered < requests {
            let now = Clock.nanoseconds()
            for (connection, socket) in sockets.enumerated() {
                var batch: [UInt8] = []
                while next < requests, waiting[connection].count - heads[connection] < window {
                    batch += makeRequest(next)
                    sentAt[next] = now
                    waiting[connection].append(next)
                    next += 1
                }
                if !batch.isEmpty { try writeFully(socket, batch) }
            }
            try reader.readAnswers { connection, accepted, time in
                let index = waiting[connection][heads[connection]]
                heads[connection] += 1
                latencies[index] = time - sentAt[index]
                answered += 1
                last = time
                if !accepted { rejected += 1 }
            }
        }
        return Outcome(latencies: latencies, start: start, lastAnswer: last, rejected: rejected)
    }

    private func paced(_ sockets: [Int32]) throws -> Outcome {
        let interval = 1e9 / ratePerSecond
        // A moment for the writer thread to start before the first request is due.
        let start = Clock.nanoseconds() + 2_000_000
        let requests = self.requests
        let makeRequest = self.makeRequest
        @Sendable func due(_ index: Int) -> UInt64 { start + UInt64(Double(index) * interval) }
        let writeFailure = FailureBox()
        let written = DispatchSemaphore(value: 0)
        // Request `index` goes to connection `index % count`, so the k-th answer on connection c is request
        // c + k × count.
        let writer = Thread {
            defer { written.signal() }
            var index = 0
            while index < requests {
                var target = timespec(tv_sec: Int(due(index) / 1_000_000_000), tv_nsec: Int(due(index) % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == EINTR {}
                let now = Clock.nanoseconds()
                var batches = [[UInt8]](repeating: [], count: sockets.count)
                while index < requests, due(index) <= now {
                    batches[index % sockets.count] += makeRequest(index)
                    index += 1
                }
                for (connection, batch) in batches.enumerated() where !batch.isEmpty {
                    do {
                        try writeFully(sockets[connection], batch)
                    } catch {
                        writeFailure.message.withLock { $0 = "\(error)" }
                        return
                    }
                }
            }
        }
        writer.start()
        var latencies = [UInt64](repeating: 0, count: requests)
        var answeredOn = [Int](repeating: 0, count: sockets.count)
        var reader = AnswerReader(sockets: sockets)
        var answered = 0
        var rejected = 0
        var last = start
        while answered < requests {
            if let failure = writeFailure.message.withLock({ $0 }) { throw BenchFailure(failure) }
            try reader.readAnswers { connection, accepted, time in
                let index = connection + answeredOn[connection] * sockets.count
                answeredOn[connection] += 1
                latencies[index] = time > due(index) ? time - due(index) : 0
                answered += 1
                last = time
                if !accepted { rejected += 1 }
            }
        }
        written.wait()
        return Outcome(latencies: latencies, start: start, lastAnswer: last, rejected: rejected)
    }
}

/// Reads answer lines from several sockets at once and tells of each, with whether it accepted the request
/// (its text holds `"accepted"`) and when it was read.
struct AnswerReader {
    private var descriptors: [pollfd]
    private var partial: [[UInt8]]
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private static let acceptedMark = Array(#""accepted""#.utf8)

    init(sockets: [Int32]) {
        descriptors = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        partial = Array(repeating: [], count: sockets.count)
    }

    /// Waits (30 s at most) until some socket can be read, reads what each one holds and calls `answer` for
    /// each complete line.
    mutating func readAnswers(_ answer: (_ connection: Int, _ accepted: Bool, _ time: UInt64) -> Void) throws {
        let ready = poll(&descriptors, nfds_t(descriptors.count), 30_000)
        guard ready > 0 else {
            throw BenchFailure(ready == 0 ? "no answer for 30 s" : "poll failed: errno \(errno)")
        }
        for connection in descriptors.indices where descriptors[connection].revents != 0 {
            let descriptor = descriptors[connection].fd
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw BenchFailure("the server closed a connection") }
            let time = Clock.nanoseconds()
            var lineStart = 0
            for position in 0..<count where buffer[position] == 0x0A {
                partial[connection] += buffer[lineStart..<position]
                answer(connection, Self.contains(partial[connection], Self.acceptedMark), time)
                partial[connection].removeAll(keepingCapacity: true)
                lineStart = position + 1
            }
            partial[connection] += buffer[lineStart..<count]
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { offset in
            haystack[offset..<(offset + needle.count)].elementsEqual(needle)
        }
    }
}

/// The first error of another thread.
final class FailureBox: Sendable {
    let message = Mutex<String?>(nil)
}

/// Writes all of `bytes` to `descriptor`.
func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        guard written > 0 else { throw BenchFailure("write failed: errno \(errno)") }
        offset += written
    }
}
