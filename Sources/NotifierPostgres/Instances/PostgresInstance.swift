import Foundation
import Logging
import PostgresNIO
import Synchronization

/// This process as one of the instances sharing a database: the id its taken rows carry, and its lease.
///
/// An instance registers at start-up with a lease it renews (``InstanceLeases``); the rows it takes carry its
/// id. An instance whose lease ran out is gone: the others resolve its rows (`sending` ones become `unknown`,
/// taken ones go back to the queue) and forget it. An instance that finds its own lease gone (it stalled longer
/// than the lease) registers afresh, so that it never settles what the others have resolved as its.
public final class PostgresInstance: Sendable {
    /// How long a lease lasts without renewal.
    public let lease: Duration
    /// This instance's name in the table: host and process id.
    public let name: String
    private let current = Mutex<(id: Int64, held: [Int64])>((0, []))

    /// Registers a new instance on `client`'s database.
    public static func register(
        client: PostgresClient, lease: Duration = .seconds(15), logger: Logger,
        name: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    ) async throws -> PostgresInstance {
        let instance = PostgresInstance(lease: lease, name: name)
        try await instance.registerAgain(client: client, logger: logger)
        return instance
    }

    private init(lease: Duration, name: String) {
        self.lease = lease
        self.name = name
    }

    /// The id this instance's rows carry now.
    public var id: Int64 { current.withLock { $0.id } }

    /// Every id this process has held: the rows it claimed under an earlier id are still its own to settle,
    /// unless the others resolved them meanwhile.
    var heldIDs: [Int64] { current.withLock { $0.held } }

    /// The lease in whole milliseconds, for SQL intervals.
    var leaseMilliseconds: Int64 {
        let (seconds, attoseconds) = lease.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Takes a new id with a fresh lease.
    func registerAgain(client: PostgresClient, logger: Logger) async throws {
        let rows = try await client.query(
            """
            INSERT INTO instances (name, started_at, lease_until)
            VALUES (\(name), clock_timestamp(), clock_timestamp() + \(leaseMilliseconds) * interval '1 millisecond')
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) {
            current.withLock {
                $0.id = id
                $0.held.append(id)
            }
        }
    }
}
