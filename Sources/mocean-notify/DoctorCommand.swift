import ArgumentParser
import Foundation
import Notifier
import NotifierServer

/// `mocean-notify doctor`: one report of what is wrong and how to fix it; a non-zero exit status on a problem.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check the configuration, the database, the gateway and each store; say what is wrong and how to fix it.",
        discussion: """
            Give it the options the service runs with (--database, --public-url...). It looks at the database \
            (integrity, size, journal, writes), the public URL as a store would call it (its /livez), and for each \
            installed store the gateway's credentials and balance, the sender and admin numbers, the store's \
            access token and granted scopes, and its nine webhooks (missing or deactivated). It sends nothing and \
            changes nothing but what the service itself would (its migrations). Exit status 1 when something does \
            not work, 0 otherwise (warnings included).
            """
    )

    @Flag(name: .long, help: "Write the report as JSON ({\"findings\": [{level, subject, message, fix}]}).")
    var json = false

    @OptionGroup var options: ServeOptions

    func run() async throws {
        var problems = false
        try await options.run(configure: { _ in }) { configuration, logger in
            let report = try await NotifierApplication.doctor(configuration, logger: logger)
            problems = report.hasProblems
            let output: String
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                output = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
            } else {
                output = report.text
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
        if problems { throw ExitCode(1) }
    }
}
