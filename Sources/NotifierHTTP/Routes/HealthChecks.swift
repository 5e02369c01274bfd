import Foundation
import Notifier

/// What `/healthz` checks: the database takes a write (checked at most every 2 seconds), the sender is
/// running, the gateway answers (asked at most once a minute, one question at a time however many ask: the
/// answer is remembered, with the balance it gave).
actor HealthChecks {
    /// One check's verdict.
    struct Check: Encodable, Sendable {
        let ok: Bool
        let detail: String
    }

    /// The whole answer.
    struct Report: Encodable, Sendable {
        /// `ok` or `failing`.
        let status: String
        let database: Check
        let sender: Check
        let gateway: Check
        /// The reasons of the failing checks.
        let reasons: [String]
    }

    private let services: NotifierServices
    private let gatewayInterval: Duration
    private var gatewayVerdict: (check: Check, balance: Double?, at: ContinuousClock.Instant)?
    private var gatewayQuestion: Task<(Check, Double?), Never>?
    private var databaseVerdict: (check: Check, at: ContinuousClock.Instant)?
    private var databaseQuestion: Task<Check, Never>?

    init(services: NotifierServices, gatewayInterval: Duration) {
        self.services = services
        self.gatewayInterval = gatewayInterval
    }

    /// What `/readyz` answers: whether this process can take webhooks and calls now (the database takes writes,
    /// the sending runs here or in the process that holds it); the gateway is left out, so that a load balancer
    /// keeps sending webhooks through a gateway outage (they wait as rows).
    struct Readiness: Encodable, Sendable {
        /// `ready` or `notReady`.
        let status: String
        let database: Check
        let sender: Check
        let reasons: [String]
    }

    func readiness() async -> Readiness {
        let database = await checkDatabase()
        let sender = await checkSender()
        let reasons = [("database", database), ("sender", sender)].filter { !$0.1.ok }.map { "\($0.0): \($0.1.detail)" }
        return Readiness(
            status: reasons.isEmpty ? "ready" : "notReady", database: database, sender: sender, reasons: reasons)
    }

    func report() async -> Report {
        let database = await checkDatabase()
        let sender = await checkSender()
        let gateway = await checkGateway().check
        let reasons = [("database", database), ("sender", sender), ("gateway", gateway)].filter { !$0.1.ok }
            .map { "\($0.0): \($0.1.detail)" }
        return Report(
            status: reasons.isEmpty ? "ok" : "failing", database: database, sender: sender, gateway: gateway,
            reasons: reasons)
    }

    /// Whether the sending runs: in this process, or in the one holding the loops of its SQLite file.
    private func checkSender() async -> Check {
        let sender =
            if await services.sender.running {
                Check(ok: true, detail: "running")
            } else if services.storages.loops.isElsewhere {
                Check(ok: true, detail: "another process on this database runs the sending")
            } else {
                Check(ok: false, detail: "the sender is not running")
            }
        return sender
    }

    /// The balance the gateway last gave, if it was asked within the interval or can be asked now.
    func balance() async -> Double? {
        await checkGateway().balance
    }

    /// Whether the database takes writes (``NotifierStorages/writeCheck``), asked at most every 2 s.
    private func checkDatabase() async -> Check {
        if let databaseVerdict, ContinuousClock.now - databaseVerdict.at < .seconds(2) { return databaseVerdict.check }
        if let databaseQuestion { return await databaseQuestion.value }
        let question = Task { await Self.writeCheck(services.storages) }
        databaseQuestion = question
        let check = await question.value
        databaseVerdict = (check, ContinuousClock.now)
        databaseQuestion = nil
        return check
    }

    private static func writeCheck(_ storages: NotifierStorages) async -> Check {
        do {
            try await storages.writeCheck()
            return Check(ok: true, detail: "writable")
        } catch {
            return Check(ok: false, detail: "cannot write: \(error)")
        }
    }

    private func checkGateway() async -> (check: Check, balance: Double?) {
        if let gatewayVerdict, ContinuousClock.now - gatewayVerdict.at < gatewayInterval {
            return (gatewayVerdict.check, gatewayVerdict.balance)
        }
        if let gatewayQuestion { return await gatewayQuestion.value }
        let question = Task { [account = services.account] in await Self.askGateway(account) }
        gatewayQuestion = question
        let verdict = await question.value
        gatewayVerdict = (verdict.0, verdict.1, ContinuousClock.now)
        gatewayQuestion = nil
        return verdict
    }

    private static func askGateway(_ account: AccountService) async -> (Check, Double?) {
        let verdict: (Check, Double?)
        do {
            let balance = try await account.balance(of: .first)
            verdict = (
                Check(ok: true, detail: "reachable (balance \(balance.display))"), Double(balance.value.description)
            )
        } catch AccountError.notConfigured {
            verdict = (Check(ok: false, detail: "the account is not configured: set it with account.set"), nil)
        } catch {
            verdict = (Check(ok: false, detail: "unreachable: \(error)"), nil)
        }
        return verdict
    }
}
