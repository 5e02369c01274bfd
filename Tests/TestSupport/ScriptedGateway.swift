import JSONCore
import MoceanAPI
import Notifier
import Synchronization

/// A gateway that answers as a test scripts it, and records every SMS it was asked to send.
public final class ScriptedGateway: SMSGateway, SMSGatewaySource {
    /// What one send answers.
    public enum Answer: Sendable {
        case accept
        case refuse(MoceanError)
    }

    private struct State {
        var script: [Answer] = []
        var fallback: Answer = .accept
        var sent: [SMSMessage] = []
        var accepted = 0
        var balance = "10.0000"
        var statuses: [String: MessageStatus.State] = [:]
        var statusQuestions = 0
    }

    private let state = Mutex(State())

    /// Answers `script` in order, then `fallback` for every later send.
    public init(script: [Answer] = [], fallback: Answer = .accept) {
        state.withLock {
            $0.script = script
            $0.fallback = fallback
        }
    }

    /// Every SMS asked for, in order.
    public var sent: [SMSMessage] { state.withLock { $0.sent } }

    /// How many sends were accepted.
    public var acceptedCount: Int { state.withLock { $0.accepted } }

    public func setBalance(_ value: String) { state.withLock { $0.balance = value } }

    public func setFallback(_ answer: Answer) { state.withLock { $0.fallback = answer } }

    public func send(_ message: SMSMessage) async throws(MoceanError) -> [SMSReceipt] {
        let answer = state.withLock { state -> Answer in
            state.sent.append(message)
            let answer = state.script.isEmpty ? state.fallback : state.script.removeFirst()
            if case .accept = answer { state.accepted += 1 }
            return answer
        }
        switch answer {
        case .accept:
            let id = state.withLock { $0.accepted }
            return [SMSReceipt(receiver: message.to.first ?? "", outcome: .success("MSG-\(id)"))]
        case .refuse(let error):
            throw error
        }
    }

    /// What the status endpoint says of `messageID` from now on.
    public func setStatus(_ status: MessageStatus.State, for messageID: String) {
        state.withLock { $0.statuses[messageID] = status }
    }

    public var statusQuestions: Int { state.withLock { $0.statusQuestions } }

    public func messageStatus(messageID: String) async throws(MoceanError) -> MessageStatus {
        let known = state.withLock { state -> MessageStatus.State? in
            state.statusQuestions += 1
            return state.statuses[messageID]
        }
        let value = known?.rawValue ?? 4
        return MessageStatus(
            messageID: messageID, state: MessageStatus.State(rawValue: value), rawState: value, creditDeducted: "0.05")
    }

    public func balance() async throws(MoceanError) -> JSONNumber {
        JSONNumber(exactly: state.withLock { $0.balance })!
    }

    public func gatewayForSending(store: StoreID) async -> Result<
        (gateway: any SMSGateway, sender: String), GatewayUnavailable
    > {
        .success((self, "MyShop"))
    }
}
