import Synchronization

/// What a stopping service does with the calls in hand: lets them finish for a while, then cancels those still
/// running (the calls of methods that wait on others, which the dispatcher runs through it), so that each gets
/// an answer (its result, or -32004) before the service's own grace period runs out; and counts the requests
/// that could not be answered.
public final class ShutdownDrain: Sendable {
    /// How long calls in hand may go on once a graceful shutdown begins, before they are cancelled.
    public let grace: Duration
    private struct State {
        var nextID = 0
        var running: [Int: @Sendable () -> Void] = [:]
        var cancelled = false
    }
    private let state = Mutex(State())
    private let unanswered = Atomic<Int>(0)

    /// - Parameter grace: how long calls in hand may go on after a graceful shutdown begins; keep it shorter
    ///   than the service group's graceful-shutdown limit, so that their answers are written in time.
    public init(grace: Duration = .seconds(8)) {
        self.grace = grace
    }

    /// Requests that were received but got no answer because the service stopped.
    public var unansweredCount: Int { unanswered.load(ordering: .acquiring) }

    /// Records `count` requests that could not be answered.
    func recordUnanswered(_ count: Int = 1) {
        unanswered.wrappingAdd(count, ordering: .acquiringAndReleasing)
    }

    /// Runs `call` in a task of its own that ``cancelRunningCalls()`` can cancel, and returns its outcome.
    func run<Value: Sendable>(
        _ call: @escaping @Sendable () async throws -> Value
    ) async -> Result<Value, any Error> {
        let task = Task { () async -> Result<Value, any Error> in
            do {
                return .success(try await call())
            } catch {
                return .failure(error)
            }
        }
        let id: Int? = state.withLock { state in
            guard !state.cancelled else { return nil }
            defer { state.nextID += 1 }
            state.running[state.nextID] = { task.cancel() }
            return state.nextID
        }
        if id == nil { task.cancel() }
        let outcome = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        if let id { _ = state.withLock { $0.running.removeValue(forKey: id) } }
        return outcome
    }

    /// Cancels every call in hand, and every call started from now on.
    public func cancelRunningCalls() {
        let cancels = state.withLock { state in
            state.cancelled = true
            return Array(state.running.values)
        }
        for cancel in cancels { cancel() }
    }

    /// Starts the grace period: after ``grace``, calls still in hand are cancelled. The returned task is the
    /// timer; cancel it when the transport has stopped.
    func startGracePeriod() -> Task<Void, Never> {
        Task { [grace] in
            do {
                try await Task.sleep(for: grace)
                cancelRunningCalls()
            } catch {
                // The transport stopped first.
            }
        }
    }
}
