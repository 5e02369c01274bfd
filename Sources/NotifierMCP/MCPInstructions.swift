/// What the server tells an assistant of itself at `initialize`.
public enum MCPInstructions {
    /// The instructions; `store` when the server is bound to one store.
    public static func text(store: Bool) -> String {
        var text = """
            mocean-notify sends a store's SMS through the MoceanAPI gateway: an SMS to admins and customers on \
            store events, broadcasts to customers, and the history of every SMS with the gateway's answers. \
            Each tool is one method of the service's JSON-RPC contract (schema/openrpc.json), with the same \
            params and result. history.query answers questions such as how many SMS failed this week and why \
            (filter by status and dates; each row has the gateway's response and the reason). A broadcast is \
            sent in two steps: broadcast.send with dryRun true answers its recipients, cost and a \
            confirmation; show them to the user, and only when the user agrees call broadcast.send again with \
            the same message and recipients and that confirmation (valid 10 minutes). Without it, \
            broadcast.send answers with the dry run and sends nothing. broadcast.subscribe answers when the \
            broadcast has ended, with progress meanwhile.
            """
        if !store {
            text += """
                 When the service holds several stores, name one with the store param (stores.list lists \
                them).
                """
        }
        return text
    }
}
