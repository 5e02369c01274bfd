/// One thing `mocean-notify doctor` looked at: whether it is right, and when not, what to do.
public struct DoctorFinding: Sendable, Equatable, Codable {
    /// How bad it is: `ok`, `warning` (works, but something will be missed), or `problem` (something does not work).
    public enum Level: String, Sendable, Codable {
        case ok, warning, problem
    }

    public let level: Level
    /// What it is about: `configuration`, `database`, `public URL`, or `store 2 (abc123)`.
    public let subject: String
    /// What was found, in words.
    public let message: String
    /// How to put it right; nil when nothing is to be done.
    public let fix: String?

    public init(_ level: Level, _ subject: String, _ message: String, fix: String? = nil) {
        self.level = level
        self.subject = subject
        self.message = message
        self.fix = fix
    }
}

/// Everything the doctor found, in the order it looked.
public struct DoctorReport: Sendable, Equatable, Codable {
    public var findings: [DoctorFinding]

    public init(findings: [DoctorFinding] = []) {
        self.findings = findings
    }

    /// Whether anything does not work: the doctor's exit status is then non-zero.
    public var hasProblems: Bool { findings.contains { $0.level == .problem } }

    /// How many findings are at `level`.
    public func count(_ level: DoctorFinding.Level) -> Int { findings.count { $0.level == level } }

    /// The report for a terminal: a summary line, then one line per finding with its fix beneath.
    public var text: String {
        let problems = count(.problem)
        let warnings = count(.warning)
        var lines = [
            "mocean-notify doctor: \(problems) problem\(problems == 1 ? "" : "s"), \(warnings) "
                + "warning\(warnings == 1 ? "" : "s"), \(count(.ok)) ok"
        ]
        for finding in findings {
            let label = finding.level == .ok ? "ok     " : finding.level == .warning ? "WARNING" : "PROBLEM"
            lines.append("\(label)  \(finding.subject): \(finding.message)")
            if let fix = finding.fix { lines.append("         fix: \(fix)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What the database says of itself, for the doctor.
public struct DatabaseInspection: Sendable, Equatable {
    /// `SQLite` or `PostgreSQL 15.4`.
    public let engine: String
    /// The file or the URL, without a password.
    public let location: String
    /// The database's size on disk, its log included.
    public let bytes: Int64
    /// SQLite's journal mode (`wal` expected); nil on PostgreSQL.
    public let journalMode: String?
    /// What the integrity check found wrong: empty when it is sound; nil when no check was run.
    public let integrityProblems: [String]?
    /// The last migration applied.
    public let schema: String?
    /// Whether it takes writes (false: a read-only file, a PostgreSQL standby).
    public let writable: Bool

    public init(
        engine: String, location: String, bytes: Int64, journalMode: String?, integrityProblems: [String]?,
        schema: String?, writable: Bool
    ) {
        self.engine = engine
        self.location = location
        self.bytes = bytes
        self.journalMode = journalMode
        self.integrityProblems = integrityProblems
        self.schema = schema
        self.writable = writable
    }
}
