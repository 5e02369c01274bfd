import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// `system.info`: what is serving, since when, and on which database.
struct SystemInfo: RPCMethod {
    static let name = "system.info"

    struct Result: Encodable, Sendable {
        let name: String
        let version: String
        let uptimeSeconds: Double
        let session: String
        let databasePath: String
    }

    let startedAt: MonotonicInstant
    let databasePath: String

    func handle(_ params: NoParams, context: RPCContext) async throws -> Result {
        Result(
            name: ServiceVersion.name, version: ServiceVersion.current,
            uptimeSeconds: (MonotonicInstant.now.seconds(since: startedAt) * 1000).rounded() / 1000,
            session: context.session.label, databasePath: databasePath)
    }
}

/// A reading of the monotonic clock.
struct MonotonicInstant: Sendable {
    let nanoseconds: UInt64

    static var now: MonotonicInstant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return MonotonicInstant(nanoseconds: UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec))
    }

    func seconds(since start: MonotonicInstant) -> Double {
        Double(nanoseconds &- start.nanoseconds) / 1e9
    }
}
