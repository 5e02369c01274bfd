import Foundation
import HTTPClient
import Logging
import MoceanAPI

/// Sends messages through the gateway client with a fixed number in flight, as the outbox will.
enum GatewayLoad {
    struct Result: Codable {
        let name: String
        let messages: Int
        let inFlight: Int
        let seconds: Double
        let messagesPerSecond: Double
        let failures: Int
        let peakMemoryMiB: Double
        /// CPU time (user and system) of the whole process per message, in microseconds.
        let cpuMicrosecondsPerMessage: Double
    }

    static func run(baseURL: String, key: String, secret: String, messages: Int, inFlight: Int) async throws -> Result {
        let http = CurlHTTPClient()
        let client = MoceanClient(
            configuration: MoceanConfiguration(baseURL: baseURL, credentials: .keyAndSecret(key: key, secret: secret)),
            transport: http, logger: Logger(label: "bench"))
        func send(_ index: Int) async -> Bool {
            let message = SMSMessage(
                from: "MyShop", to: ["6012\(String(format: "%07d", index))"],
                text: "Order \(index) has shipped. Track it at https://shop.example/t/\(index)")
            guard let receipts = try? await client.send(message) else { return false }
            return receipts.allSatisfy { (try? $0.outcome.get()) != nil }
        }
        for index in 0..<min(inFlight, 8) { _ = await send(index) }
        let cpuBefore = cpuSeconds()
        let start = Clock.nanoseconds()
        let failures = await withTaskGroup(of: Bool.self) { group in
            var next = 0
            var failed = 0
            while next < min(inFlight, messages) {
                let index = next
                group.addTask { await send(index) }
                next += 1
            }
            for await succeeded in group {
                if !succeeded { failed += 1 }
                if next < messages {
                    let index = next
                    group.addTask { await send(index) }
                    next += 1
                }
            }
            return failed
        }
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        let cpu = cpuSeconds() - cpuBefore
        http.shutdown()
        return Result(
            name: "mocean-notify client, \(inFlight) in flight", messages: messages, inFlight: inFlight,
            seconds: seconds, messagesPerSecond: Double(messages) / seconds, failures: failures,
            peakMemoryMiB: peakResidentMiB(), cpuMicrosecondsPerMessage: cpu / Double(messages) * 1e6)
    }

    /// User and system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's peak resident memory (VmHWM), in MiB.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib / 1024
    }
}
