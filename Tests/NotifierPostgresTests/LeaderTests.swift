import Foundation
import Logging
import NotifierPostgres
import PostgresNIO
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The once-only loops on PostgreSQL: of several instances, one at a time runs them; when it stops, another
/// takes over within seconds.
@Suite(.timeLimit(.minutes(2))) struct LeaderTests {
    /// Which instances run the loop now, and the most that ever ran it at once.
    final class Running: Sendable {
        private let state = Mutex((now: Set<Int>(), most: 0))
        var now: Set<Int> { state.withLock { $0.now } }
        var most: Int { state.withLock { $0.most } }
        func start(_ instance: Int) {
            state.withLock {
                $0.now.insert(instance)
                $0.most = max($0.most, $0.now.count)
            }
        }
        func stop(_ instance: Int) { _ = state.withLock { $0.now.remove(instance) } }
    }

    /// A loop that says which instance runs it, until it is stopped.
    struct Loop: Service {
        let instance: Int
        let running: Running
        func run() async throws {
            running.start(instance)
            defer { running.stop(instance) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    @Test(arguments: StorageBackend.available.filter { $0 == .postgres })
    func oneInstanceLeadsAtATimeAndAnotherTakesOverWhenItStops(backend: StorageBackend) async throws {
        try await PostgresTestDatabase.withFreshDatabase { location in
            let running = Running()
            let logger = Logger(label: "test")
            // Each instance with its own pool, as separate processes have.
            var instances: [Task<Void, Never>] = []
            for index in 0..<3 {
                let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
                let leader = PostgresLeader(
                    client: client, services: [Loop(instance: index, running: running)],
                    retryInterval: .milliseconds(200), logger: logger)
                instances.append(
                    Task {
                        await withTaskGroup(of: Void.self) { group in
                            group.addTask { await client.run() }
                            group.addTask { try? await leader.run() }
                            await group.next()
                            group.cancelAll()
                        }
                    })
            }
            defer { for instance in instances { instance.cancel() } }
            try await Self.wait { running.now.count == 1 }
            try await Task.sleep(for: .seconds(1))
            #expect(running.most == 1, "never two leaders at once")
            let first = try #require(running.now.first)
            // The leader stops (its pool and its connections go): another leads within seconds.
            instances[first].cancel()
            let stopped = ContinuousClock.now
            try await Self.wait { running.now.count == 1 && running.now.first != first }
            #expect(ContinuousClock.now - stopped < .seconds(5))
            try await Task.sleep(for: .milliseconds(500))
            #expect(running.most == 1, "never two leaders at once")
        }
    }

    static func wait(seconds: Double = 20, until condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw PostgresTestFailure("timed out") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
