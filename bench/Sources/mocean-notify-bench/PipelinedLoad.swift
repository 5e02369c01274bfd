import Foundation

/// One client session that keeps up to `window` requests in flight on a pair of file descriptors (a
/// socket, or a child's stdin and stdout) and times each answer.
struct PipelinedSession {
    let writeDescriptor: Int32
    let readDescriptor: Int32
    let requests: Int
    let window: Int
    /// Makes request number `index` (a full line, newline included).
    let makeRequest: (Int) -> [UInt8]

    /// Sends every request and reads every answer; returns the latency of each, in nanoseconds.
    func run() throws -> [UInt64] {
        var latencies = [UInt64](repeating: 0, count: requests)
        var sentAt = [UInt64](repeating: 0, count: requests)
        var sent = 0
        var answered = 0
        var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
        while answered < requests {
            if sent < requests, sent - answered < window {
                var batch: [UInt8] = []
                let now = Clock.nanoseconds()
                while sent < requests, sent - answered < window {
                    batch += makeRequest(sent)
                    sentAt[sent] = now
                    sent += 1
                }
                try writeAll(batch)
            }
            let count = readBuffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw BenchFailure("the server closed the connection after \(answered) answers") }
            let now = Clock.nanoseconds()
            for byte in readBuffer[0..<count] where byte == 0x0A {
                latencies[answered] = now - sentAt[answered]
                answered += 1
            }
        }
        return latencies
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(writeDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw BenchFailure("write failed: errno \(errno)") }
            offset += written
        }
    }
}

/// The result of one measurement.
struct LoadResult: Codable {
    let name: String
    let requests: Int
    let seconds: Double
    let requestsPerSecond: Double
    let p50Microseconds: Double
    let p99Microseconds: Double
    let p999Microseconds: Double

    init(name: String, latencies: [UInt64], seconds: Double) {
        let sorted = latencies.sorted()
        func percentile(_ fraction: Double) -> Double {
            Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1000
        }
        self.name = name
        requests = sorted.count
        self.seconds = seconds
        requestsPerSecond = seconds > 0 ? Double(sorted.count) / seconds : 0
        p50Microseconds = percentile(0.50)
        p99Microseconds = percentile(0.99)
        p999Microseconds = percentile(0.999)
    }
}

/// A JSON-RPC ping request line with id `index`.
func pingRequest(_ index: Int) -> [UInt8] {
    Array(#"{"jsonrpc":"2.0","method":"system.ping","id":\#(index)}"#.utf8) + [0x0A]
}

/// Monotonic time.
enum Clock {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
