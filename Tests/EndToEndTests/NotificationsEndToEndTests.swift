import Foundation
import JSONRPC
import TestSupport
import Testing

/// Configuring and previewing templates through the binary, over stdio and over TCP, on a real database file.
@Suite(.timeLimit(.minutes(2))) struct NotificationsEndToEndTests {
    static let template =
        "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."
    static let expected = "Shipment 1 created for order 102 created at 2021-09-20 05:08:09.000Z."
    static let payload =
        #"{"scope":"store/shipment/created","store_id":"1025646","data":{"type":"shipment","id":1,"orderId":102},"created_at":1632114489}"#

    @Test func configuresAndPreviewsOverStdio() async throws {
        let database = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let server = try ServerProcess(["serve", "--database", database])
        let configure =
            #"{"jsonrpc":"2.0","method":"notifications.configure","params":{"audience":"admin","events":{"store/shipment/created":{"enabled":true,"template":"\#(Self.template)"}},"adminNumbers":"60123456789 60123456666"},"id":1}"#
        let render =
            #"{"jsonrpc":"2.0","method":"template.render","params":{"event":"store/shipment/created","audience":"admin","data":\#(Self.payload)},"id":2}"#
        try server.write(configure + "\n" + render + "\n")
        let configured = try #require(await server.stdout.next()).parsedJSON
        #expect(configured?["result"]?["admin"]?["events"]?["store/shipment/created"]?["enabled"] == true)
        #expect(configured?["result"]?["admin"]?["adminNumbers"]?.arrayValue?.count == 2)
        let rendered = try #require(await server.stdout.next()).parsedJSON
        #expect(rendered?["result"]?["text"] == .string(Self.expected))
        try server.closeInput()
        #expect(await server.waitForExit() == 0)

        // The settings are in the file: a new process sees them.
        let again = try ServerProcess(["serve", "--database", database])
        try again.write(#"{"jsonrpc":"2.0","method":"notifications.get","params":["admin"],"id":1}"# + "\n")
        let settings = try #require(await again.stdout.next()).parsedJSON
        #expect(
            settings?["result"]?["admin"]?["events"]?["store/shipment/created"]?["template"] == .string(Self.template))
        try again.closeInput()
        #expect(await again.waitForExit() == 0)
    }

    @Test func configuresAndPreviewsOverTCPWithTheCallCommand() async throws {
        let database = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let server = try ServerProcess(["serve", "--tcp", "127.0.0.1:0", "--token", "t0k", "--database", database])
        let port = try await server.listeningPort()
        let connect = ["--connect", "127.0.0.1:\(port)", "--token", "t0k", "--compact"]
        let configure = try await run(
            [
                "call", "notifications.configure",
                #"{"audience":"customer","events":{"store/shipment/created":{"enabled":true,"template":"\#(Self.template)"}}}"#,
            ]
                + connect)
        #expect(configure.status == 0, "\(configure.stderr)")
        let render = try await run(
            [
                "call", "template.render",
                #"{"event":"store/shipment/created","audience":"customer","data":\#(Self.payload)}"#,
            ]
                + connect)
        #expect(render.stdout.parsedJSON?["text"] == .string(Self.expected), "\(render.stdout)\(render.stderr)")
        let keywords = try await run(["call", "template.keywords", #"["store/shipment/created"]"#] + connect)
        #expect(keywords.stdout.contains("shipments.orderId"))
        server.terminate()
        #expect(await server.waitForExit() == 0)
    }

    private func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try ServerProcess(arguments, standardInput: FileHandle(forReadingAtPath: "/dev/null"))
        let status = await process.waitForExit()
        _ = await process.stdout.waitForEnd()
        _ = await process.stderr.waitForEnd()
        return (status, process.stdout.all.joined(separator: "\n"), process.stderr.all.joined(separator: "\n"))
    }
}
