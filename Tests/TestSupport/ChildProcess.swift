import Foundation
import Glibc
import Synchronization

/// A child process started with `posix_spawn`, its standard streams on the descriptors given, every other
/// descriptor of the test runner closed in it.
///
/// Foundation's `Process.run()` on Linux reads `/proc/self/fd` in a way that can copy past the end of a buffer
/// and crash the test runner now and then (a runner with many sockets open makes it likelier); this spawns
/// without it.
public final class ChildProcess: Sendable {
    /// Why a child could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// import: the child closes every descriptor from 3 up.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
        }()

    public let processIdentifier: pid_t
    /// The wait status once reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` (without the program name) and `environment`; `standardInput`,
    /// `standardOutput` and `standardError` are descriptors of this process that become 0, 1 and 2 in the child.
    public init(
        executable: String, arguments: [String], environment: [String: String], standardInput: Int32,
        standardOutput: Int32, standardError: Int32
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        guard let closeFrom = Self.addCloseFrom else {
            throw SpawnFailure(description: "this C library has no posix_spawn_file_actions_addclosefrom_np")
        }
        closeFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with every signal at its default and none blocked (the runner ignores SIGPIPE).
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnFailure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
    }

    /// Starts `executable` with this process's environment and `/dev/null` as its standard streams.
    public convenience init(_ executable: String, _ arguments: [String]) throws {
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(devNull) }
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        try self.init(
            executable: executable, arguments: arguments, environment: environment, standardInput: devNull,
            standardOutput: devNull, standardError: devNull)
    }

    /// Starts `executable` and waits for it; its exit status (or the signal that ended it).
    public static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let child = try ChildProcess(executable, arguments)
        while child.isRunning { usleep(5_000) }
        return child.terminationStatus ?? -1
    }

    /// Starts `executable`, waits for it, and answers its exit status with what it wrote to stdout (its stderr is
    /// dropped).
    public static func runCapturingOutput(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let file = try Fixtures.temporaryFolder().appendingPathComponent("stdout.txt").path
        let output = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            close(output)
            close(devNull)
        }
        var environment: [String: String] = [:]
        for (name, value) in ProcessInfo.processInfo.environment { environment[name] = value }
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, standardInput: devNull,
            standardOutput: output, standardError: devNull)
        while child.isRunning { usleep(5_000) }
        return (child.terminationStatus ?? -1, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    /// Whether it has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        reaped.withLock { status in
            guard status == nil else { return false }
            var wait: Int32 = 0
            let result = waitpid(processIdentifier, &wait, WNOHANG)
            if result == processIdentifier {
                status = wait
                return false
            }
            if result < 0 {
                status = 0
                return false
            }
            return true
        }
    }

    /// Its exit status, or the number of the signal that ended it (as Foundation's `Process` says); nil while
    /// it runs.
    public var terminationStatus: Int32? {
        guard !isRunning, let wait = reaped.withLock({ $0 }) else { return nil }
        let signal = wait & 0x7f
        return signal == 0 ? (wait >> 8) & 0xff : signal
    }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        if isRunning { kill(processIdentifier, signal) }
    }
}
