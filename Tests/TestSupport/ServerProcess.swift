import Foundation
import Glibc
import JSONRPC
import Synchronization

/// The built `mocean-notify` executable, run as a child process over real pipes.
public final class ServerProcess: @unchecked Sendable {
    // @unchecked: the Process and pipes are set up once in init and only read afterwards; the line queues
    // are actors.

    /// Where the executable is: `$MOCEAN_NOTIFY_BIN`, else next to the test runner in the build folder.
    public static var executableURL: URL {
        if let path = ProcessInfo.processInfo.environment["MOCEAN_NOTIFY_BIN"] {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("mocean-notify")
    }

    /// The running child.
    public let process: ChildProcess
    private let stdinPipe = Pipe()
    /// Kept open, unread, when the test plays a client that stops reading its answers.
    private let unreadOutput: Pipe?
    /// Lines the process wrote on stdout.
    public let stdout: LineQueue
    /// Lines the process wrote on stderr (its log).
    public let stderr: LineQueue

    /// Starts the executable with `arguments`; stdin is a pipe unless `standardInput` is given.
    ///
    /// - Parameters:
    ///   - readsOutput: false to never read stdout, as a client that stops reading would (``stdout`` then
    ///     stays empty).
    ///   - executable: another program to run (the service's by default).
    public init(
        _ arguments: [String], standardInput: FileHandle? = nil, environment: [String: String] = [:],
        readsOutput: Bool = true, executable: String? = nil
    ) throws {
        // A server that died must fail the test, not kill the test runner with SIGPIPE on the next write.
        signal(SIGPIPE, SIG_IGN)
        var merged = ProcessInfo.processInfo.environment
        for key in merged.keys where key.hasPrefix("MOCEAN_NOTIFY_") && key != "MOCEAN_NOTIFY_BIN" {
            merged[key] = nil
        }
        merged.merge(environment) { $1 }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process = try ChildProcess(
            executable: executable ?? Self.executableURL.path, arguments: arguments, environment: merged,
            standardInput: standardInput?.fileDescriptor ?? stdinPipe.fileHandleForReading.fileDescriptor,
            standardOutput: outPipe.fileHandleForWriting.fileDescriptor,
            standardError: errPipe.fileHandleForWriting.fileDescriptor)
        // The child has its copies: without closing ours, the pipes would never report the end of its output.
        try outPipe.fileHandleForWriting.close()
        try errPipe.fileHandleForWriting.close()
        try stdinPipe.fileHandleForReading.close()
        unreadOutput = readsOutput ? nil : outPipe
        if readsOutput {
            stdout = LineQueue(reading: outPipe.fileHandleForReading)
        } else {
            let nothing = Pipe()
            try nothing.fileHandleForWriting.close()
            stdout = LineQueue(reading: nothing.fileHandleForReading)
        }
        stderr = LineQueue(reading: errPipe.fileHandleForReading)
    }

    /// Writes `text` to the process's stdin as it is (add the newline yourself).
    public func write(_ text: String) throws {
        try stdinPipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Writes raw bytes to the process's stdin.
    public func write(bytes: [UInt8]) throws {
        try stdinPipe.fileHandleForWriting.write(contentsOf: Data(bytes))
    }

    /// Closes the process's stdin (end of input).
    public func closeInput() throws {
        try stdinPipe.fileHandleForWriting.close()
    }

    /// Waits for the process to exit and returns its status; kills it after `seconds`.
    public func waitForExit(seconds: Double = 20) async -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            // Killed, not asked: a process that ignores SIGTERM must not hang the test run.
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
            return -1
        }
        return process.terminationStatus ?? -1
    }

    /// Sends SIGTERM.
    public func terminate() {
        process.signal(SIGTERM)
    }

    /// Waits for the log line announcing the TCP port and returns the port.
    public func listeningPort(seconds: Double = 20, logLine: String = "listening on ") async throws -> Int {
        let line = try await stderr.firstLine(containing: logLine, seconds: seconds)
        guard let portText = line.split(separator: ":").last, let port = Int(portText) else {
            throw ProcessFailure("no port in log line: \(line)")
        }
        return port
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A failure of a process-level test helper.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The lines written to one pipe, read on a thread of their own, in order.
public final class LineQueue: Sendable {
    private struct State {
        var lines: [String] = []
        var position = 0
        var ended = false
    }

    private let state = Mutex(State())

    init(reading handle: FileHandle) {
        let box = UncheckedBox(handle)
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = box.value.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending = Data(pending[pending.index(after: newline)...])
                    state.withLock { $0.lines.append(line) }
                }
            }
            let rest = String(decoding: pending, as: UTF8.self)
            state.withLock {
                if !rest.isEmpty { $0.lines.append(rest) }
                $0.ended = true
            }
        }
    }

    /// Everything read so far.
    public var all: [String] { state.withLock { $0.lines } }

    /// The next unread line, waiting up to `seconds`; nil when the pipe ended or time ran out.
    public func next(seconds: Double = 10) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let outcome: (line: String?, done: Bool) = state.withLock { state in
                if state.position < state.lines.count {
                    state.position += 1
                    return (state.lines[state.position - 1], true)
                }
                return (nil, state.ended)
            }
            if outcome.line != nil || outcome.done || Date() >= deadline { return outcome.line }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits until the pipe ends (the process closed it), up to `seconds`; returns whether it did.
    public func waitForEnd(seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !state.withLock({ $0.ended }), Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return state.withLock { $0.ended }
    }

    /// The first line (read or still to come) that contains `text`.
    public func firstLine(containing text: String, seconds: Double) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let (found, ended, lines) = state.withLock { state in
                (state.lines.first(where: { $0.contains(text) }), state.ended, state.lines)
            }
            if let found { return found }
            if ended || Date() >= deadline {
                throw ProcessFailure("no line containing \"\(text)\"; got:\n" + lines.joined(separator: "\n"))
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Moves a non-Sendable handle into the reader thread that alone uses it.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
