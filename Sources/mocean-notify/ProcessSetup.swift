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
