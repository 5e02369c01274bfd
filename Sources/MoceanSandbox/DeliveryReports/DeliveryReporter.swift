import HTTPClient
import Logging

/// Waits out each job's delay, marks its messages delivered, and posts their delivery reports.
///
/// A report that cannot be posted is logged and counted, never retried; the message stays delivered.
struct DeliveryReporter: Sendable {
    let state: SandboxState
    let delay: Duration
    /// The sandbox's HTTP client.
    let transport: any HTTPTransport
    let logger: Logger
    /// How long one report may take, connecting included.
    static let timeout = Duration.seconds(5)

    /// Serves `queue` until the task is cancelled; reports not yet due are dropped then.
    func run(_ queue: DeliveryReportQueue) async {
        await withDiscardingTaskGroup { group in
            for await job in queue.jobs {
                group.addTask { await deliver(job) }
            }
        }
    }

    private func deliver(_ job: DeliveryReportJob) async {
        do {
            try await Task.sleep(for: delay)
        } catch {
            return
        }
        // Delivered first, so that whoever receives the report and asks the status endpoint hears "delivered".
        await state.markDelivered(job.messages.map(\.msgid))
        guard let url = job.url else { return }
        for (msgid, receiver) in job.messages where !Task.isCancelled {
            let form = [
                ("mocean-from", job.sender), ("mocean-to", receiver), ("mocean-msgid", msgid),
                ("mocean-dlr-status", "1"), ("mocean-error-code", "0"),
            ]
            await state.countDeliveryReport(succeeded: await post(form, for: msgid, to: url))
        }
    }

    /// Posts one report; whether it was answered with a 2xx. The URL is logged without its query, which may
    /// hold the receiver's secrets.
    private func post(_ form: [(String, String)], for msgid: String, to url: String) async -> Bool {
        guard let target = HTTPURL(url) else {
            logger.warning("delivery report for \(msgid) not sent: the URL is not an http:// or https:// URL")
            return false
        }
        logger.debug("posting the delivery report for \(msgid) to \(target)")
        let request = HTTPRequest(
            method: .post, url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(FormParameters.encode(form).utf8), timeout: Self.timeout)
        do {
            let status = try await transport.perform(request).status
            logger.debug("delivery report for \(msgid) to \(target): HTTP \(status)")
            guard (200..<300).contains(status) else {
                logger.warning("delivery report for \(msgid) to \(target) got HTTP \(status)")
                return false
            }
            return true
        } catch {
            // The transport's errors never carry the URL's query.
            logger.warning("delivery report for \(msgid) to \(target) failed: \(error)")
            return false
        }
    }
}
