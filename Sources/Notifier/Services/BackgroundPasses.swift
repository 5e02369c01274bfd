import Logging
import ServiceLifecycle

/// The loop of the background services: a pass, then a wait for `doorbell` (or `timeout`, or only `timeout`
/// without one), until the service group shuts down. A failed pass is logged with `failure` and tried again
/// after the wait; cancellation ends the loop.
func runPasses(
    wakingOn doorbell: Doorbell?, timeout: Duration, logger: Logger, failure: String,
    _ pass: @escaping @Sendable () async throws -> Void
) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch is CancellationError {
                return
            } catch {
                logger.error("\(failure): \(error)")
            }
            if let doorbell {
                await doorbell.wait(timeout: timeout)
            } else {
                try? await Task.sleep(for: timeout)
            }
        }
    }
}
