import ArgumentParser
import NotifierRPC

/// `mocean-notify`: SMS notifications for an online store through the MoceanAPI gateway, as a JSON-RPC
/// 2.0 service.
@main
struct MoceanNotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mocean-notify",
        abstract: "SMS notifications for an online store through the MoceanAPI gateway, over JSON-RPC 2.0.",
        discussion: """
            Run `mocean-notify serve` for the service (stdio by default, TCP with --tcp), `mocean-notify mcp` \
            for AI assistants in editors (the Model Context Protocol on stdio), and \
            `mocean-notify call METHOD [PARAMS]` to call a running TCP server. The methods are described in \
            schema/openrpc.json, which `rpc.discover` returns.
            """,
        version: ServiceVersion.current,
        subcommands: [
            ServeCommand.self, MCPCommand.self, CallCommand.self, BackupCommand.self, DoctorCommand.self,
            SandboxCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
