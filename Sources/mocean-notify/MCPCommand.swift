import ArgumentParser
import NotifierMCP
import NotifierServer

/// `mocean-notify mcp`: the service for AI assistants in editors, over the Model Context Protocol on stdio.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the Model Context Protocol on stdin/stdout: every method as a tool for an AI assistant.",
        discussion: """
            An editor (Claude Desktop, VS Code, Zed, Cursor) launches it as a child process. The tools are the \
            methods of schema/openrpc.json. The service runs as `serve` does, on the same database: beside a \
            running `serve` on the same SQLite file it leaves the sending to that process (and takes it over \
            when that process stops); on PostgreSQL it is one more instance. --tcp and --http serve as well, \
            as `serve` would. A broadcast.send goes only with the confirmation of its dry run.
            """
    )

    @Flag(name: .long, help: "Only the tools that change nothing (history, settings, balance, dry runs of nothing).")
    var readOnly = false

    @Flag(
        name: .long,
        help: "Leave out the operator's tools and those that take or show a secret (credentials, tokens, the app).")
    var noSecrets = false

    @Option(name: .long, help: "Act on this store only (its id or hash); without it, every store, as the operator.")
    var store: String?

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try await options.run { configuration in
            configuration.stdio = false
            configuration.mcp = ServeConfiguration.MCPOptions(
                selection: MCPToolCatalog.Selection(readOnly: readOnly, noSecrets: noSecrets), store: store)
        }
    }
}
