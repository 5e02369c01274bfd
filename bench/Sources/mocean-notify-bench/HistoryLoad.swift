import Foundation
import Glibc

/// The history at a million rows, for `bench/run history`: one request at a time on an open connection to the
/// service, against the same statements run by a `sqlite3` process kept open on the same file (its start
/// excluded); exports timed whole.
enum HistoryLoad {
    /// The `history-…` commands of `mocean-notify-bench`:
    ///
    ///     history-rows ROWS                                    the SQL that fills a database (HistoryRows)
    ///     history-query NAME PORT REPETITIONS PARAMS_JSON      history.query on the service
    ///     history-sqlite3 NAME DATABASE REPETITIONS SQL        the same statements in one sqlite3 process
    ///     history-export NAME PORT PID PATH RUNS               history.export of everything as CSV to PATH
    ///     history-sqlite3-export NAME DATABASE PATH RUNS SQL   sqlite3 -csv -header DATABASE SQL > PATH
    static func command(_ arguments: [String]) throws {
        func integer(_ index: Int) throws -> Int {
            guard index < arguments.count, let value = Int(arguments[index]) else {
                throw BenchFailure("\(arguments[0]): argument \(index + 1) must be a whole number")
            }
            return value
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let result: any Encodable
        switch (arguments.first, arguments.count) {
        case ("history-rows", 2):
            print(HistoryRows.sql(rows: try integer(1)))
            return
        case ("history-query", 5):
            result = try query(
                name: arguments[1], port: try integer(2), repetitions: try integer(3), params: arguments[4])
        case ("history-sqlite3", 5):
            result = try sqlite3(
                name: arguments[1], database: arguments[2], repetitions: try integer(3), sql: arguments[4])
        case ("history-export", 6):
            result = try export(
                name: arguments[1], port: try integer(2), pid: try integer(3), path: arguments[4], runs: try integer(5))
        case ("history-sqlite3-export", 6):
            result = try sqlite3Export(
                name: arguments[1], database: arguments[2], path: arguments[3], runs: try integer(4), sql: arguments[5])
        default:
            throw BenchFailure("usage: see HistoryLoad.command in HistoryLoad.swift")
        }
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// The latencies of one measurement.
    struct Latencies: Codable {
        let name: String
        /// `service` or `sqlite3`.
        let target: String
        let requests: Int
        let p50Milliseconds: Double
        let p99Milliseconds: Double
        let meanMilliseconds: Double
        /// The service's answer to the last request: rows on the page, the total and whether it is exact.
        let rows: Int?
        let total: Int?
        let totalIsExact: Bool?
        /// The lines `sqlite3` printed for the last repetition.
        let lines: Int?
    }

    /// One export, timed whole.
    struct Export: Codable {
        let name: String
        let target: String
        let runs: Int
        let rows: Int
        let bytes: Int
        /// The median run.
        let seconds: Double
        let rowsPerSecond: Double
        /// The service's VmHWM after the exports (a service started for them), or sqlite3's largest VmHWM.
        let peakResidentMiB: Double
        /// The service's VmRSS before the first export.
        let residentBeforeMiB: Double?
    }

    /// `history.query` with `params` (a JSON object), `repetitions` times on one connection, after a warm-up.
    static func query(name: String, port: Int, repetitions: Int, params: String) throws -> Latencies {
        let connection = try ServiceConnection(port: port)
        for _ in 0..<max(5, repetitions / 10) { _ = try connection.call("history.query", params: params) }
        var latencies: [UInt64] = []
        var last: [String: Any] = [:]
        for _ in 0..<repetitions {
            let start = Clock.nanoseconds()
            let answer = try connection.call("history.query", params: params)
            latencies.append(Clock.nanoseconds() - start)
            last = answer
        }
        return Latencies(
            name: name, target: "service", latencies: latencies, rows: (last["rows"] as? [Any])?.count,
            total: last["total"] as? Int, totalIsExact: last["totalIsExact"] as? Bool, lines: nil)
    }

    /// `sql` (one or more statements) `repetitions` times in one `sqlite3` process on `database`, after a warm-up:
    /// each repetition is written to its stdin and timed until its output has been read back.
    static func sqlite3(name: String, database: String, repetitions: Int, sql: String) throws -> Latencies {
        let shell = try SQLiteShell(database: database)
        defer { shell.finish() }
        for _ in 0..<max(5, repetitions / 10) { _ = try shell.run(sql) }
        var latencies: [UInt64] = []
        var lines = 0
        for _ in 0..<repetitions {
            let start = Clock.nanoseconds()
            lines = try shell.run(sql)
            latencies.append(Clock.nanoseconds() - start)
        }
        return Latencies(
            name: name, target: "sqlite3", latencies: latencies, rows: nil, total: nil, totalIsExact: nil, lines: lines)
    }

    /// `history.export` of everything as CSV to `path`, `runs` times, on a service of process `pid`.
    static func export(name: String, port: Int, pid: Int, path: String, runs: Int) throws -> Export {
        let connection = try ServiceConnection(port: port)
        let before = try residentMiB(pid: pid, field: "VmRSS")
        var seconds: [Double] = []
        var rows = 0
        var bytes = 0
        for _ in 0..<runs {
            let start = Clock.nanoseconds()
            let answer = try connection.call(
                "history.export", params: #"{"format":"csv","path":"\#(path)","overwrite":true}"#)
            seconds.append(Double(Clock.nanoseconds() - start) / 1e9)
            rows = answer["rows"] as? Int ?? 0
            bytes = answer["bytes"] as? Int ?? 0
        }
        let median = seconds.sorted()[seconds.count / 2]
        return Export(
            name: name, target: "service", runs: runs, rows: rows, bytes: bytes, seconds: median,
            rowsPerSecond: Double(rows) / median, peakResidentMiB: try residentMiB(pid: pid, field: "VmHWM"),
            residentBeforeMiB: before)
    }

    /// `sqlite3 -csv -header database sql > path`, then fsync (the service's export ends with one), `runs` times.
    static func sqlite3Export(name: String, database: String, path: String, runs: Int, sql: String) throws -> Export {
        var seconds: [Double] = []
        var peak = 0.0
        for _ in 0..<runs {
            let start = Clock.nanoseconds()
            let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard output >= 0 else { throw BenchFailure("cannot write \(path): errno \(errno)") }
            let child = try SQLiteShell.spawn(
                ["-bail", "-csv", "-header", database, sql], standardInput: nil, standardOutput: output)
            // Its VmHWM while it runs (rusage would count this process's memory too: posix_spawn shares it until
            // the exec).
            var status: Int32 = 0
            while waitpid(child.pid, &status, WNOHANG) == 0 {
                peak = max(peak, (try? residentMiB(pid: Int(child.pid), field: "VmHWM")) ?? 0)
                usleep(5_000)
            }
            guard (status >> 8) & 0xFF == 0, status & 0x7F == 0 else {
                throw BenchFailure("sqlite3 failed with status \(status)")
            }
            fsync(output)
            close(output)
            seconds.append(Double(Clock.nanoseconds() - start) / 1e9)
        }
        let (lines, bytes) = try countLines(path)
        let median = seconds.sorted()[seconds.count / 2]
        let rows = lines - 1  // the header
        return Export(
            name: name, target: "sqlite3", runs: runs, rows: rows, bytes: bytes, seconds: median,
            rowsPerSecond: Double(rows) / median, peakResidentMiB: peak, residentBeforeMiB: nil)
    }

    /// The lines and bytes of a file, read a piece at a time.
    private static func countLines(_ path: String) throws -> (lines: Int, bytes: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchFailure("cannot read \(path): errno \(errno)") }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var lines = 0
        var bytes = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += count
            for byte in chunk[0..<count] where byte == 0x0A { lines += 1 }
        }
        return (lines, bytes)
    }
}

extension HistoryLoad.Latencies {
    init(
        name: String, target: String, latencies: [UInt64], rows: Int?, total: Int?, totalIsExact: Bool?, lines: Int?
    ) {
        let sorted = latencies.sorted()
        func milliseconds(_ fraction: Double) -> Double {
            Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1e6
        }
        self.init(
            name: name, target: target, requests: sorted.count, p50Milliseconds: milliseconds(0.5),
            p99Milliseconds: milliseconds(0.99),
            meanMilliseconds: Double(sorted.reduce(0, +)) / Double(max(1, sorted.count)) / 1e6, rows: rows,
            total: total, totalIsExact: totalIsExact, lines: lines)
    }
}

/// One JSON-RPC connection to the service, one request at a time; notifications on the way are skipped.
private final class ServiceConnection {
    private let socket: Int32
    private let reader: LineReader
    private var nextID = 1

    init(port: Int) throws {
        socket = try TCPLoad.connect(port: port)
        reader = LineReader(descriptor: socket)
    }

    deinit { close(socket) }

    /// The result of `method` with `params` (a JSON object's text); throws the error answer.
    func call(_ method: String, params: String) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        try writeAll(
            socket, Array(#"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params),"id":\#(id)}"#.utf8) + [0x0A])
        while true {
            let line = try reader.line()
            guard let answer = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw BenchFailure("\(method): an answer that is not a JSON object")
            }
            guard answer["id"] as? Int == id else { continue }  // history.exportProgress, or a stray answer
            if let error = answer["error"] { throw BenchFailure("\(method) failed: \(error)") }
            guard let result = answer["result"] as? [String: Any] else {
                throw BenchFailure("\(method): the result is not an object")
            }
            return result
        }
    }
}

/// A `sqlite3` process kept open on a database: statements in on its stdin, their output back from its stdout.
private final class SQLiteShell {
    private static let marker = "@@history-bench-end@@"
    private let process: Child
    private let input: Int32
    private let reader: LineReader

    init(database: String) throws {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchFailure("pipe: errno \(errno)") }
        // Ours only: a child holding the write end of its own stdin would never see it end.
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        process = try Self.spawn(
            ["-bail", "-batch", database], standardInput: toChild[0], standardOutput: fromChild[1])
        close(toChild[0])
        close(fromChild[1])
        input = toChild[1]
        reader = LineReader(descriptor: fromChild[0])
    }

    /// Runs `sql` and reads its output to the end; the number of lines it printed.
    func run(_ sql: String) throws -> Int {
        try writeAll(input, Array((sql + "\n.print \(Self.marker)\n").utf8))
        var lines = 0
        while try String(decoding: reader.line(), as: UTF8.self) != Self.marker { lines += 1 }
        return lines
    }

    func finish() {
        close(input)
        _ = try? process.wait()
    }

    /// Starts `sqlite3` with `arguments`, its stdin and stdout on the given descriptors (nil: this process's).
    static func spawn(_ arguments: [String], standardInput: Int32?, standardOutput: Int32) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput { posix_spawn_file_actions_adddup2(&actions, standardInput, 0) }
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        let argv = (["sqlite3"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, "sqlite3", &actions, nil, argv, environ)
        guard result == 0 else { throw BenchFailure("cannot start sqlite3: error \(result)") }
        return Child(pid: pid)
    }

    struct Child {
        let pid: pid_t

        /// Waits for it to end; its exit status.
        func wait() throws -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else { throw BenchFailure("waitpid: errno \(errno)") }
            }
            return (status >> 8) & 0xFF
        }
    }
}

/// Newline-delimited lines from a descriptor.
private final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next line, without its newline.
    func line() throws -> ArraySlice<UInt8> {
        while true {
            if let end = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<end]
                start = end + 1
                return line
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw BenchFailure("the other end closed before the answer was complete") }
            buffer += chunk[0..<count]
        }
    }
}

/// A memory figure of /proc/PID/status (VmRSS, VmHWM), in MiB.
private func residentMiB(pid: Int, field: String) throws -> Double {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
        let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { throw BenchFailure("no \(field) in /proc/\(pid)/status") }
    return kib / 1024
}

private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { throw BenchFailure("write failed: errno \(errno)") }
        offset += written
    }
}
