import Foundation

/// Store events through the whole service: `events.ingest` over TCP, then the event processor, the outbox
/// and the gateway client, to the sandbox. Times the answers to `events.ingest`, and the time from the
/// first event sent to the sandbox holding the last of their SMS; reads the service's memory and CPU time
/// from /proc.
enum EventsLoad {
    struct Result: Codable {
        let name: String
        let events: Int
        /// SMS per event: one per admin number.
        let adminNumbers: Int
        /// SMS the events make (events × admin numbers).
        let messages: Int
        let connections: Int
        /// Requests in flight per connection at most; 0 when paced.
        let window: Int
        /// The pace of `events.ingest` over all connections; 0 for as fast as the window allows.
        let targetEventsPerSecond: Double
        /// The sandbox's latency on every gateway answer.
        let gatewayLatencyMilliseconds: Int
        /// From the first request due to the last answer.
        let ingestSeconds: Double
        let ingestEventsPerSecond: Double
        let p50Microseconds: Double
        let p99Microseconds: Double
        let p999Microseconds: Double
        /// Answers that did not accept the event.
        let rejected: Int
        /// From the first request due to the sandbox holding the last SMS.
        let endToEndSeconds: Double
        let endToEndEventsPerSecond: Double
        let endToEndMessagesPerSecond: Double
        /// From the last answer to the sandbox holding the last SMS.
        let drainSeconds: Double
        /// SMS per second the sandbox received after the last answer, while nothing else was asked of the service.
        let drainMessagesPerSecond: Double
        /// The outbox's requests to the gateway in flight, sampled every 200 ms (with gateway latency only).
        let meanInFlight: Double?
        let maxInFlight: Int?
        /// Whether the sandbox received every SMS.
        let complete: Bool
        /// SMS of this run the sandbox recorded.
        let recorded: Int
        /// Rows of this run the outbox counts as sent, and in any other final state (failed, unknown...).
        let sent: Int
        let notSent: Int
        /// The service process's resident memory at the end, its peak since it started, and the anonymous
        /// part at the end (heap and stacks).
        let serviceResidentMiB: Double
        let servicePeakResidentMiB: Double
        let serviceAnonymousMiB: Double
        /// CPU time (user and system) of the service process over the run, per event and per SMS.
        let serviceCPUMicrosecondsPerEvent: Double
        let serviceCPUMicrosecondsPerMessage: Double?
    }

    static func run(
        name: String, servicePort: Int, servicePID: Int, sandboxURL: String, events: Int, adminNumbers: Int,
        connections: Int, window: Int, ratePerSecond: Double
    ) throws -> Result {
        guard let sandboxPort = sandboxURL.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw BenchFailure("\(sandboxURL) does not end with a port")
        }
        guard (0...50).contains(adminNumbers) else { throw BenchFailure("give 0 to 50 admin numbers") }
        let control = try LineRPCClient(port: servicePort)
        let numbers = (0..<adminNumbers).map { #""6012345\#(String(format: "%04d", $0 + 1))""# }
        try control.call(
            "notifications.configure",
            params: #"{"audience":"admin","adminNumbers":[\#(numbers.joined(separator: ","))],"#
                + #""events":{"store/order/created":{"enabled":true}}}"#)
        let latency = (try loopbackGetJSON(port: sandboxPort, path: "/sandbox/faults") as? [String: Any])?["latencyMs"]
        let recordedBefore = try sandboxMessages(sandboxPort)
        let countsBefore = try outboxCounts(control)
        let cpuBefore = try ProcessProbe.cpuSeconds(pid: servicePID)

        // Each run's events have hashes of their own, so none is taken for a duplicate of an earlier run's.
        let run = UUID().uuidString.prefix(8).lowercased()
        let session = IngestSession(
            port: servicePort, connections: connections, requests: events, window: window,
            ratePerSecond: ratePerSecond, makeRequest: { ingestRequest(run: run, index: $0) })
        // With gateway latency, the outbox's requests in flight are sampled all along.
        let sampler = (latency as? Int ?? 0) > 0 ? try InFlightSampler(port: servicePort) : nil
        let ingest = try session.run()
        let recordedAtLastAnswer = try sandboxMessages(sandboxPort)

        // Until the sandbox holds every SMS: polled every 5 ms; given up after 10 s without progress.
        let expected = recordedBefore + events * adminNumbers
        var recorded = recordedBefore
        var lastProgress = Clock.nanoseconds()
        var finished = lastProgress
        while true {
            let count = try sandboxMessages(sandboxPort)
            finished = Clock.nanoseconds()
            if count >= expected { break }
            if count > recorded {
                recorded = count
                lastProgress = finished
            } else if finished - lastProgress > 10_000_000_000 {
                break
            }
            usleep(5_000)
        }
        recorded = try sandboxMessages(sandboxPort)
        let inFlightSamples = try sampler?.stop() ?? []
        // The service records each answer just after the sandbox sent it: a moment for the last ones.
        var counts = try outboxCounts(control)
        let settleDeadline = Clock.nanoseconds() + 10_000_000_000
        while (counts["queued"] ?? 0) + (counts["sending"] ?? 0) > 0, Clock.nanoseconds() < settleDeadline {
            usleep(20_000)
            counts = try outboxCounts(control)
        }
        let cpu = try ProcessProbe.cpuSeconds(pid: servicePID) - cpuBefore
        let memory = try ProcessProbe.memory(pid: servicePID)

        let messages = events * adminNumbers
        let drainSeconds = finished > ingest.lastAnswer ? Double(finished - ingest.lastAnswer) / 1e9 : 0
        let load = LoadResult(
            name: name, latencies: ingest.latencies, seconds: Double(ingest.lastAnswer - ingest.start) / 1e9)
        let endToEnd = Double(finished - ingest.start) / 1e9
        let sent = (counts["sent"] ?? 0) - (countsBefore["sent"] ?? 0)
        let finalStates = ["failed", "unknown", "expired", "skipped", "cancelled"]
        let notSent = finalStates.reduce(0) { $0 + (counts[$1] ?? 0) - (countsBefore[$1] ?? 0) }
        return Result(
            name: name, events: events, adminNumbers: adminNumbers, messages: messages, connections: connections,
            window: ratePerSecond > 0 ? 0 : window, targetEventsPerSecond: ratePerSecond,
            gatewayLatencyMilliseconds: (latency as? Int) ?? -1, ingestSeconds: load.seconds,
            ingestEventsPerSecond: load.requestsPerSecond, p50Microseconds: load.p50Microseconds,
            p99Microseconds: load.p99Microseconds, p999Microseconds: load.p999Microseconds,
            rejected: ingest.rejected, endToEndSeconds: endToEnd, endToEndEventsPerSecond: Double(events) / endToEnd,
            endToEndMessagesPerSecond: Double(messages) / endToEnd,
            drainSeconds: drainSeconds,
            drainMessagesPerSecond: drainSeconds > 0 ? Double(recorded - recordedAtLastAnswer) / drainSeconds : 0,
            meanInFlight: inFlightSamples.isEmpty
                ? nil : Double(inFlightSamples.reduce(0, +)) / Double(inFlightSamples.count),
            maxInFlight: inFlightSamples.max(),
            complete: recorded >= expected, recorded: recorded - recordedBefore, sent: sent, notSent: notSent,
            serviceResidentMiB: memory.resident, servicePeakResidentMiB: memory.peak,
            serviceAnonymousMiB: memory.anonymous,
            serviceCPUMicrosecondsPerEvent: cpu / Double(events) * 1e6,
            serviceCPUMicrosecondsPerMessage: messages > 0 ? cpu / Double(messages) * 1e6 : nil)
    }

    /// The outbox alone: sending paused while the events are stored and turned into queued SMS, then resumed
    /// and timed until the sandbox holds the last SMS.
    struct QueuedResult: Codable {
        let name: String
        let messages: Int
        let gatewayLatencyMilliseconds: Int
        /// From `outbox.resume` to the sandbox holding the last SMS.
        let seconds: Double
        let messagesPerSecond: Double
        let complete: Bool
        let meanInFlight: Double?
        let maxInFlight: Int?
        let serviceCPUMicrosecondsPerMessage: Double
        let serviceResidentMiB: Double
    }

    static func queuedFirst(
        name: String, servicePort: Int, servicePID: Int, sandboxURL: String, events: Int
    ) throws -> QueuedResult {
        guard let sandboxPort = sandboxURL.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw BenchFailure("\(sandboxURL) does not end with a port")
        }
        let control = try LineRPCClient(port: servicePort)
        try control.call(
            "notifications.configure",
            params:
                #"{"audience":"admin","adminNumbers":["60123450001"],"events":{"store/order/created":{"enabled":true}}}"#
        )
        try control.call("outbox.pause")
        let queuedBefore = try outboxCounts(control)["queued"] ?? 0
        let run = UUID().uuidString.prefix(8).lowercased()
        _ = try IngestSession(
            port: servicePort, connections: 4, requests: events, window: 16, ratePerSecond: 0,
            makeRequest: { ingestRequest(run: run, index: $0) }
        ).run()
        let deadline = Clock.nanoseconds() + 120_000_000_000
        while try outboxCounts(control)["queued"] ?? 0 < queuedBefore + events {
            guard Clock.nanoseconds() < deadline else { throw BenchFailure("the events were not all processed") }
            usleep(50_000)
        }
        let latency = (try loopbackGetJSON(port: sandboxPort, path: "/sandbox/faults") as? [String: Any])?["latencyMs"]
        let expected = try sandboxMessages(sandboxPort) + events
        let cpuBefore = try ProcessProbe.cpuSeconds(pid: servicePID)
        let sampler = try InFlightSampler(port: servicePort)
        let start = Clock.nanoseconds()
        try control.call("outbox.resume")
        var recorded = 0
        var finished = start
        var lastProgress = start
        while true {
            let count = try sandboxMessages(sandboxPort)
            finished = Clock.nanoseconds()
            if count >= expected { break }
            if count > recorded {
                recorded = count
                lastProgress = finished
            } else if finished - lastProgress > 10_000_000_000 {
                break
            }
            usleep(5_000)
        }
        let complete = try sandboxMessages(sandboxPort) >= expected
        let samples = try sampler.stop()
        let cpu = try ProcessProbe.cpuSeconds(pid: servicePID) - cpuBefore
        let seconds = Double(finished - start) / 1e9
        return QueuedResult(
            name: name, messages: events, gatewayLatencyMilliseconds: (latency as? Int) ?? -1, seconds: seconds,
            messagesPerSecond: Double(events) / seconds, complete: complete,
            meanInFlight: samples.isEmpty ? nil : Double(samples.reduce(0, +)) / Double(samples.count),
            maxInFlight: samples.max(), serviceCPUMicrosecondsPerMessage: cpu / Double(events) * 1e6,
            serviceResidentMiB: try ProcessProbe.memory(pid: servicePID).resident)
    }

    /// An `events.ingest` request for order `index + 1`, as a store's webhook would deliver it.
    static func ingestRequest(run: some StringProtocol, index: Int) -> [UInt8] {
        let order = index + 1
        return Array(
            (#"{"jsonrpc":"2.0","method":"events.ingest","params":{"payload":{"scope":"store/order/created","#
                + #""store_id":"1","data":{"type":"order","id":\#(order)},"hash":"bench-\#(run)-\#(order)","#
                + #""created_at":1632114489}},"id":\#(order)}"# + "\n").utf8)
    }

    /// How many messages the sandbox has recorded.
    private static func sandboxMessages(_ port: Int) throws -> Int {
        guard let stats = try loopbackGetJSON(port: port, path: "/sandbox/stats") as? [String: Any],
            let messages = stats["messages"] as? Int
        else { throw BenchFailure("the sandbox's stats have no message count") }
        return messages
    }

    /// The outbox's rows per state.
    private static func outboxCounts(_ control: LineRPCClient) throws -> [String: Int] {
        guard let status = try control.call("outbox.status") as? [String: Any],
            let counts = status["counts"] as? [String: Int]
        else { throw BenchFailure("outbox.status has no counts") }
        return counts
    }
}

/// Asks the outbox every 200 ms how many requests it has in flight, on a thread and a connection of its own
/// (`outbox.status` counts the rows, so it is not asked more often).
final class InFlightSampler: @unchecked Sendable {
    // @unchecked: `samples` and `failure` are written by the thread alone, and read after it ended.
    private var samples: [Int] = []
    private var failure: (any Error)?
    private let stopped = FailureBox()
    private let done = DispatchSemaphore(value: 0)

    init(port: Int) throws {
        let client = try LineRPCClient(port: port)
        Thread { [self] in
            defer { done.signal() }
            while stopped.message.withLock({ $0 }) == nil {
                do {
                    if let status = try client.call("outbox.status") as? [String: Any],
                        let inFlight = status["inFlight"] as? Int
                    {
                        samples.append(inFlight)
                    }
                } catch {
                    failure = error
                    return
                }
                usleep(200_000)
            }
        }.start()
    }

    /// Stops sampling; the samples taken.
    func stop() throws -> [Int] {
        stopped.message.withLock { $0 = "stopped" }
        done.wait()
        if let failure { throw failure }
        return samples
    }
}

/// The memory of a process at one moment (`mocean-notify-bench memory`).
struct MemoryResult: Codable {
    let name: String
    let serviceResidentMiB: Double
    let servicePeakResidentMiB: Double
    let serviceAnonymousMiB: Double

    init(name: String, pid: Int) throws {
        let memory = try ProcessProbe.memory(pid: pid)
        self.name = name
        serviceResidentMiB = memory.resident
        servicePeakResidentMiB = memory.peak
        serviceAnonymousMiB = memory.anonymous
    }
}
