import Foundation
import Glibc

/// One JSON-RPC connection to the service for set-up and status calls, one request at a time.
final class LineRPCClient: @unchecked Sendable {
    // @unchecked: used by one thread at a time (the one that made it, or the one it is handed to).
    private let socket: Int32
    private var buffered: [UInt8] = []
    private var nextID = 1

    init(port: Int) throws {
        socket = try TCPLoad.connect(port: port)
    }

    deinit { close(socket) }

    /// Calls `method` with `params` (JSON text) and returns its result; throws its error.
    @discardableResult
    func call(_ method: String, params: String? = nil) throws -> Any {
        let id = nextID
        nextID += 1
        let request =
            #"{"jsonrpc":"2.0","method":"\#(method)","id":\#(id)"# + (params.map { #","params":\#($0)"# } ?? "")
            + "}\n"
        try writeFully(socket, Array(request.utf8))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !buffered.contains(0x0A) {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
            guard count > 0 else { throw BenchFailure("the service closed the connection during \(method)") }
            buffered += chunk[0..<count]
        }
        let end = buffered.firstIndex(of: 0x0A)!
        let line = Data(buffered[..<end])
        buffered.removeSubrange(...end)
        guard let answer = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw BenchFailure("\(method): the answer is not a JSON object")
        }
        if let error = answer["error"] {
            throw BenchFailure("\(method) failed: \(error)")
        }
        return answer["result"] ?? NSNull()
    }
}

/// `GET path` on 127.0.0.1:`port` over a fresh connection; the body read as JSON.
func loopbackGetJSON(port: Int, path: String) throws -> Any {
    let socket = try TCPLoad.connect(port: port)
    defer { close(socket) }
    try writeFully(socket, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        response += chunk[0..<count]
    }
    let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
    guard let headEnd = response.indices.first(where: { response[$0...].starts(with: separator) }),
        response.starts(with: Array("HTTP/1.1 200".utf8))
    else {
        throw BenchFailure("GET \(path) on port \(port): no 200 answer")
    }
    return try JSONSerialization.jsonObject(with: Data(response[(headEnd + 4)...]))
}

/// What /proc tells of another process.
enum ProcessProbe {
    /// Resident memory now (VmRSS), at its peak (VmHWM), and the anonymous part of it now (RssAnon: the heap
    /// and stacks, without the mapped binary and libraries), in MiB.
    static func memory(pid: Int) throws -> (resident: Double, peak: Double, anonymous: Double) {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func kib(_ field: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
            return Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return (kib("VmRSS") / 1024, kib("VmHWM") / 1024, kib("RssAnon") / 1024)
    }

    /// User and system CPU time so far, in seconds.
    static func cpuSeconds(pid: Int) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The fields after the command's closing parenthesis start at field 3; utime and stime are 14 and 15.
        guard let close = stat.lastIndex(of: ")") else { throw BenchFailure("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchFailure("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
