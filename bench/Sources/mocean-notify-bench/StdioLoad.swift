import Foundation

/// Load and start-up over stdio: the service as a child process on pipes.
enum StdioLoad {
    /// Pipelined pings through `binary serve` on pipes.
    static func run(binary: String, requests: Int, window: Int) throws -> LoadResult {
        let (process, input, output) = try start(binary)
        _ = try PipelinedSession(
            writeDescriptor: input.fileDescriptor, readDescriptor: output.fileDescriptor, requests: 200,
            window: window, makeRequest: pingRequest
        ).run()
        let start = Clock.nanoseconds()
        let latencies = try PipelinedSession(
            writeDescriptor: input.fileDescriptor, readDescriptor: output.fileDescriptor, requests: requests,
            window: window, makeRequest: pingRequest
        ).run()
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        try input.close()
        process.waitUntilExit()
        return LoadResult(name: "stdio, pipelined (window \(window))", latencies: latencies, seconds: seconds)
    }

    /// Time from starting the process to reading its first answer, over `runs` fresh processes.
    static func startup(binary: String, runs: Int) throws -> LoadResult {
        var latencies: [UInt64] = []
        for _ in 0..<runs {
            let begin = Clock.nanoseconds()
            let (process, input, output) = try start(binary)
            try input.write(contentsOf: Data(pingRequest(1)))
            var byte: UInt8 = 0
            while read(output.fileDescriptor, &byte, 1) == 1, byte != 0x0A {}
            latencies.append(Clock.nanoseconds() - begin)
            try input.close()
            process.waitUntilExit()
        }
        return LoadResult(name: "start-up to first stdio answer", latencies: latencies, seconds: 0)
    }

    private static func start(_ binary: String) throws -> (Process, FileHandle, FileHandle) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "serve", "--database", folder.appendingPathComponent("bench.sqlite").path, "--log-level", "warning",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        return (process, input.fileHandleForWriting, output.fileHandleForReading)
    }
}
