import JSONCore

/// A method whose answer over MCP waits for what its notifications report: `broadcast.subscribe` answers when
/// its broadcast has ended (finished or cancelled), with the broadcast as it ended, its progress reported
/// meanwhile. Over JSON-RPC the same method answers at once and notifies the session after.
struct FollowedCall {
    let notification: String
    let finalStates: Set<String>

    init?(tool: String) {
        guard tool == "broadcast.subscribe" else { return nil }
        notification = "broadcast.progress"
        finalStates = ["finished", "cancelled"]
    }

    /// The last notification's params once one reports a final state, or the latest there is when `limit`
    /// runs out or the call is cancelled; `answer` when none came.
    func finalAnswer(after answer: JSONValue, from relay: NotificationRelay, limit: Duration) async -> JSONValue {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        if isFinal(answer) { return answer }
        while clock.now < deadline {
            if let latest = relay.latest(notification), isFinal(latest) { return latest }
            guard (try? await Task.sleep(for: .milliseconds(200))) != nil else { break }
        }
        return relay.latest(notification) ?? answer
    }

    private func isFinal(_ value: JSONValue) -> Bool {
        value["state"]?.stringValue.map(finalStates.contains) ?? false
    }
}
