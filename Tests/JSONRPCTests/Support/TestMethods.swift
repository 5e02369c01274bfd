import JSONRPC
import ServiceLifecycle
import Synchronization

/// Methods that exist only to test the engine.
enum TestMethods {
    /// Fails with an error whose text must never reach the client.
    struct Explode: RPCMethod {
        static let name = "test.explode"
        struct Secret: Error { let detail = "database password is hunter2" }
        func handle(_ params: NoParams, context: RPCContext) async throws -> NoResult { throw Secret() }
    }

    /// Sends `count` progress notifications to the caller before answering.
    struct Progress: RPCMethod {
        static let name = "test.progress"
        static let parameters: [RPCParameter] = [.required("count")]
        struct Params: Decodable, Sendable { let count: Int }
        struct Step: Encodable, Sendable { let done: Int; let total: Int }

        func handle(_ params: Params, context: RPCContext) async throws -> String {
            for step in 1...params.count {
                try await context.session.notify(method: "test.progress", params: Step(done: step, total: params.count))
            }
            return "finished"
        }
    }

    /// Waits until `peers` calls with the same `key` have arrived: only members that run concurrently
    /// can finish.
    struct Rendezvous: RPCMethod {
        static let name = "test.rendezvous"
        static let parameters: [RPCParameter] = [.required("peers")]
        struct Params: Decodable, Sendable { let peers: Int }
        let arrivals = Arrivals()

        final class Arrivals: Sendable {
            let count = Atomic(0)
        }

        func handle(_ params: Params, context: RPCContext) async throws -> Int {
            let position = arrivals.count.add(1, ordering: .sequentiallyConsistent).newValue
            while arrivals.count.load(ordering: .sequentiallyConsistent) < params.peers {
                try await Task.sleep(for: .milliseconds(1))
            }
            return position
        }
    }

    /// Sleeps, then answers; for shutdown tests.
    struct Slow: RPCMethod {
        static let name = "test.slow"
        static let parameters: [RPCParameter] = [.required("milliseconds")]
        struct Params: Decodable, Sendable { let milliseconds: Int }
        func handle(_ params: Params, context: RPCContext) async throws -> String {
            try? await Task.sleep(for: .milliseconds(params.milliseconds))
            return "slept"
        }
    }

    /// Tells the test it has started (through `started`), then sleeps at least `milliseconds` and until the
    /// server is stopping, unless cancelled first (which fails it with `CancellationError`, after
    /// `stopMilliseconds` more: a call slow to stop, as every call is on a loaded machine): lets a test act
    /// once calls are surely in hand.
    struct Gate: RPCMethod {
        static let name = "test.gate"
        static let waitsOnOthers = true
        static let parameters: [RPCParameter] = [.required("milliseconds"), .optional("stopMilliseconds")]
        struct Params: Decodable, Sendable {
            let milliseconds: Int
            let stopMilliseconds: Int?
        }
        let started: AsyncStream<Void>.Continuation

        func handle(_ params: Params, context: RPCContext) async throws -> String {
            started.yield()
            // Never finishes before the server has begun to stop, however slowly the shutdown reaches it.
            let deadline = ContinuousClock.now + .milliseconds(params.milliseconds)
            do {
                while ContinuousClock.now < deadline || !Task.isShuttingDownGracefully {
                    try await Task.sleep(for: .milliseconds(10))
                }
            } catch {
                if let stop = params.stopMilliseconds {
                    // Not cancellable: the call takes this long to wind down whatever is asked of it.
                    await Task.detached { try? await Task.sleep(for: .milliseconds(stop)) }.value
                }
                throw error
            }
            return "slept"
        }
    }

    /// A method with required and optional params of several types.
    struct Configure: RPCMethod {
        static let name = "test.configure"
        static let parameters: [RPCParameter] = [.required("sender"), .optional("limit"), .optional("tags")]
        struct Params: Decodable, Sendable {
            let sender: String
            let limit: Int?
            let tags: [String]?
        }
        func handle(_ params: Params, context: RPCContext) async throws -> JSONValue {
            ["sender": .string(params.sender), "limit": params.limit.map { .number(JSONNumber($0)) } ?? nil]
        }
    }

    /// Answers a string of `bytes` bytes.
    struct Large: RPCMethod {
        static let name = "test.large"
        static let parameters: [RPCParameter] = [.required("bytes")]
        struct Params: Decodable, Sendable { let bytes: Int }
        func handle(_ params: Params, context: RPCContext) async throws -> String {
            String(repeating: "x", count: params.bytes)
        }
    }
}
