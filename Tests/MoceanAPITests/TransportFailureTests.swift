import Foundation
import Glibc
import HTTPClient
import MoceanAPI
import TestSupport
import Testing

/// libcurl's failures on real sockets: nothing listening, a server that never answers, a certificate that
/// does not verify.
@Suite(.timeLimit(.minutes(1))) struct TransportFailureTests {
    let http = CurlHTTPClient()

    @Test func aClosedPortIsAConnectionFailure() async throws {
        let port = try SilentListener().port  // bound, then closed at once: nothing listens there
        let error = await #expect(throws: HTTPTransportError.self) {
            try await http.perform(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/", timeout: .seconds(5)))
        }
        #expect(error?.kind == .connection)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let listener = try SilentListener()
        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPTransportError.self) {
            try await http.perform(
                HTTPRequest(method: .get, url: "http://127.0.0.1:\(listener.port)/", timeout: .milliseconds(500)))
        }
        #expect(error?.kind == .timeout)
        // Far below a hang (the suite's limit), with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(20))
        withExtendedLifetime(listener) {}
    }

    @Test func cancellingTheTaskAbortsTheTransferAtOnce() async throws {
        let listener = try SilentListener()
        let http = http
        let port = listener.port
        let request = Task { @Sendable in
            try await http.perform(
                HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/", timeout: .seconds(30)))
        }
        try await Task.sleep(for: .milliseconds(200))
        let cancelled = ContinuousClock.now
        request.cancel()
        await #expect(throws: CancellationError.self) { try await request.value }
        #expect(ContinuousClock.now - cancelled < .seconds(15), "not the 30 s timeout")
        withExtendedLifetime(listener) {}
    }

    @Test func aCertificateThatDoesNotVerifyIsRefused() async throws {
        let server = try SelfSignedTLSServer()
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            try await http.perform(
                HTTPRequest(method: .get, url: "https://localhost:\(server.port)/", timeout: .seconds(10)))
        }
        #expect(error?.kind == .tls, "got \(String(describing: error))")
    }

    @Test func aMalformedURLIsRefusedBeforeAnythingIsSent() async {
        let error = await #expect(throws: HTTPTransportError.self) {
            try await http.perform(HTTPRequest(method: .get, url: "ftp://127.0.0.1/"))
        }
        #expect(error?.kind == .invalidRequest)
    }
}

/// A TCP socket that listens but never accepts or answers; `port` stays taken while it lives.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && listen(socketDescriptor, 1) == 0
                    && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(socketDescriptor)
            throw ProcessFailure("cannot listen: errno \(errno)")
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

/// `openssl s_server` with a certificate made on the spot, which no CA store trusts.
final class SelfSignedTLSServer {
    let port: Int
    private let process: ChildProcess

    init() throws {
        let folder = try Fixtures.temporaryFolder()
        let key = folder.appendingPathComponent("key.pem").path
        let certificate = folder.appendingPathComponent("cert.pem").path
        _ = try ChildProcess.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout",
                key, "-out", certificate,
            ])
        port = try SilentListener().port
        process = try ChildProcess(
            "/usr/bin/openssl",
            ["s_server", "-accept", "\(port)", "-cert", certificate, "-key", key, "-www", "-quiet"])
        // Wait until it listens.
        for _ in 0..<100 {
            if (try? RawSocket(port: port)) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ProcessFailure("openssl s_server did not start")
    }

    /// Kills the server: `openssl s_server` ignores SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
    }
}
