import Foundation

/// Pipelined load over TCP: `connections` sockets, each on a thread of its own.
enum TCPLoad {
    static func run(name: String, port: Int, connections: Int, requestsPerConnection: Int, window: Int) throws
        -> LoadResult
    {
        let sockets = try (0..<connections).map { _ in try connect(port: port) }
        // Warm up each connection (and the server's code paths) before timing.
        for socket in sockets {
            _ = try PipelinedSession(
                writeDescriptor: socket, readDescriptor: socket, requests: 200, window: window, makeRequest: pingRequest
            ).run()
        }
        let results = ResultsBox(count: connections)
        let start = Clock.nanoseconds()
        DispatchQueue.concurrentPerform(iterations: connections) { index in
            let session = PipelinedSession(
                writeDescriptor: sockets[index], readDescriptor: sockets[index], requests: requestsPerConnection,
                window: window, makeRequest: pingRequest)
            results.set(index, Result { try session.run() })
        }
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        sockets.forEach { close($0) }
        return LoadResult(name: name, latencies: try results.all().flatMap { $0 }, seconds: seconds)
    }

    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw BenchFailure("cannot connect to 127.0.0.1:\(port): errno \(errno)") }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }
}

/// Results written by concurrent threads, one slot each.
final class ResultsBox: @unchecked Sendable {
    // @unchecked: each thread writes only its own slot, and reading happens after all threads joined.
    private var slots: [Result<[UInt64], any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<[UInt64], any Error>) { slots[index] = result }

    func all() throws -> [[UInt64]] { try slots.map { try ($0 ?? .failure(BenchFailure("no result"))).get() } }
}
