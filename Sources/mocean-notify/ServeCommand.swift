import ArgumentParser
import Foundation
import JSONRPC
import Logging
import Notifier
import NotifierPostgres
import NotifierRPC
import NotifierServer

/// `mocean-notify serve`: runs the service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve JSON-RPC 2.0 on stdin/stdout (the default), TCP and/or the HTTP front.",
        discussion: """
            Over stdio, each line of stdin is a request and each line of stdout a response; the service exits \
            once stdin ends and every request is answered. Over TCP, each connection is its own session. \
            SIGINT or SIGTERM stops reading: the calls in hand finish (or, when --shutdown-grace runs out, are \
            cancelled and answered with error -32004), requests already sent are answered with -32004 without \
            running, the database is closed, and the exit status is 0, or 1 when some answer could not be \
            written.
            """
    )

    @Flag(name: .long, help: "Serve on stdin/stdout (the default when neither --tcp nor --http is given).")
    var stdio = false

    @Flag(name: .long, help: .hidden)
    var conformanceMethods = false

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try await options.run { configuration in
            configuration.stdio = configuration.stdio || stdio
            configuration.conformanceMethods = conformanceMethods
        }
    }
}
