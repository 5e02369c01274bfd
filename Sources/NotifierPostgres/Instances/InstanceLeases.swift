import Foundation
import Logging
import Notifier
import PostgresNIO
import ServiceLifecycle

/// Keeps this instance's lease and resolves the instances that are gone: every third of a lease it renews its
/// own (registering afresh when it finds it gone) and resolves the rows of instances whose lease ran out, so
/// that a dead instance's queued rows are sent by the others within a lease and a few seconds. At a clean stop
/// it leaves, resolving what it still holds at once.
public struct InstanceLeases: Service {
    let client: PostgresClient
    let instance: PostgresInstance
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        client: PostgresClient, instance: PostgresInstance, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.client = client
        self.instance = instance
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let instances = PostgresInstances(client: client, logger: logger)
        let interval = instance.lease / 3
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try await !instances.renew(instance) {
                    logger.error(
                        "this instance's lease ran out (it stalled for longer than \(instance.lease)): its rows were resolved by the others; registering again"
                    )
                    try await instance.registerAgain(client: client, logger: logger)
                }
                let resolved = try await instances.resolveGone(now: now(), reason: OutboxSender.interruptedReason)
                if resolved.unknown + resolved.released > 0 {
                    logger.warning(
                        "\(resolved.instances) instance(s) stopped without leaving: \(resolved.unknown) SMS being sent marked unknown (not resent), \(resolved.released) rows given back"
                    )
                }
            } catch {
                logger.error("renewing this instance's lease failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        do {
            try await instances.leave(instance, now: now(), reason: OutboxSender.interruptedReason)
        } catch {
            logger.error(
                "leaving the database's instances failed (the others resolve this one after its lease): \(error)")
        }
    }
}
