import Logging

/// Waits out each job's delay, marks its messages delivered, and posts their delivery reports.
///
/// A report that cannot be posted is logged and counted, never retried; the message stays delivered.
struct DeliveryReporter: Sendable {
    let state: SandboxState
    let delay: Duration
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
            let target: DeliveryReportClient.Target
            do {
                target = try DeliveryReportClient.Target(url)
            } catch {
                logger.warning("delivery report for \(msgid) not sent: \(error)")
                await state.countDeliveryReport(succeeded: false)
                continue
            }
            logger.debug("posting the delivery report for \(msgid) to \(target)")
            do {
                let status = try await DeliveryReportClient.post(form, to: target, timeout: Self.timeout)
                let succeeded = (200..<300).contains(status)
                logger.debug("delivery report for \(msgid) to \(target): HTTP \(status)")
                if !succeeded { logger.warning("delivery report for \(msgid) to \(target) got HTTP \(status)") }
                await state.countDeliveryReport(succeeded: succeeded)
            } catch {
                logger.warning("delivery report for \(msgid) to \(target) failed: \(error)")
                await state.countDeliveryReport(succeeded: false)
            }
        }
    }
}
