import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import Notifier

/// The loops of one SQLite file run in one process at a time: a second holder waits, and takes over when the
/// first stops; the doorbells are rung while the loops run.
@Suite struct SQLiteLoopsLockTests {
    /// A loop that counts its runs and runs until its task is cancelled.
    final class CountingLoop: Service, Sendable {
        let runs = Atomic<Int>(0)
        func run() async throws {
            runs.add(1, ordering: .relaxed)
            while (try? await Task.sleep(for: .seconds(60))) != nil {}
        }
    }

    @Test func aSecondHolderWaitsAndTakesOverWhenTheFirstStops() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("service.sqlite").path
        let first = CountingLoop()
        let second = CountingLoop()
        let rung = Doorbell()
        let logger = Logger(label: "test")
        let firstLock = SQLiteLoopsLock(
            databasePath: path, services: [first], doorbells: [rung], pollInterval: .milliseconds(20), logger: logger)
        let waiting = SQLiteLoopsLock.Holder()
        let secondLock = SQLiteLoopsLock(
            databasePath: path, services: [second], doorbells: [], retryInterval: .milliseconds(50), holder: waiting,
            logger: logger)
        let firstTask = Task { try await firstLock.run() }
        try await waitUntil { first.runs.load(ordering: .relaxed) == 1 }
        let secondTask = Task { try await secondLock.run() }
        // The first process's loops run; the second's wait, retrying.
        try await Task.sleep(for: .milliseconds(300))
        #expect(second.runs.load(ordering: .relaxed) == 0, "two processes ran the loops of one file")
        #expect(waiting.isElsewhere, "the waiting one knows the loops run elsewhere (its health says so)")
        let ringing = ContinuousClock.now
        await rung.wait(timeout: .seconds(5))
        #expect(ContinuousClock.now - ringing < .seconds(4), "the holder rings the doorbells while its loops run")
        #expect(FileManager.default.fileExists(atPath: SQLiteLoopsLock.lockPath(of: path)))
        firstTask.cancel()
        _ = try? await firstTask.value
        try await waitUntil { second.runs.load(ordering: .relaxed) == 1 }
        #expect(!waiting.isElsewhere)
        secondTask.cancel()
        _ = try? await secondTask.value
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    struct TimedOut: Error {}
}
