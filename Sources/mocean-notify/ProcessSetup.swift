import ArgumentParser
import Glibc
import Logging

/// Start-up chores that must happen before anything else opens a file.
enum ProcessSetup {
    /// Opens `/dev/null` on stdin, stdout or stderr when the process was started without them.
    ///
    /// Otherwise the next file opened (the database) would take descriptor 0 and be read as requests, or
    /// take 1 and receive responses.
    static func ensureStandardDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// At most four malloc arenas (glibc's default is eight per core): the service runs many short tasks on
    /// many threads, and each arena keeps what it freed, so after a broadcast of 100,000 the default left the
    /// process about 25 MiB larger. Fewer than four made threads wait on the allocator's locks: measured, the
    /// p99 of ingest while sending went from about 25 ms to 100 ms and more with two.
    static func limitMallocArenas() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let arenaMaximum: Int32 = -8  // M_ARENA_MAX in glibc's malloc.h
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaximum, 4)
    }

    /// A write to a closed pipe should fail with EPIPE, not kill the process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Sends every log line to stderr, at `level` and above; stdout stays for the protocol.
    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
