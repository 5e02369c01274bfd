import Logging
import ServiceLifecycle

/// Answers JSON-RPC 2.0 texts: single requests, notifications and batches, exactly as the spec describes.
///
/// The set of methods is fixed when the dispatcher is made. It is a value, shared by every connection;
/// per-connection state lives in ``RPCSession``.
public struct RPCDispatcher: Sendable {
    private let methods: [String: RegisteredMethod]
    /// The one method an unauthenticated session may call.
    public let authenticationMethod: String?
    private let logger: Logger
    /// Runs the calls of methods that wait on others, so that a stopping service can cancel them.
    private let drain: ShutdownDrain?
    /// How many members of one batch run at the same time.
    public static let batchConcurrency = 16
    /// The most members a batch may have; a larger one is refused whole with -32600.
    public static let maximumBatchSize = 1000

    /// Creates a dispatcher serving `methods`.
    ///
    /// - Parameters:
    ///   - methods: the methods; a later one replaces an earlier one of the same name.
    ///   - authenticationMethod: the method a session that requires authentication may call first.
    ///   - logger: where failures are logged (internal errors' details go here, never to the client).
    ///   - drain: what a stopping service does with calls in hand: calls of methods that wait on others run in
    ///     a task it can cancel when the grace runs out. Give the transports the same one.
    public init(
        methods: [any RPCMethod], authenticationMethod: String? = nil, logger: Logger, drain: ShutdownDrain? = nil
    ) {
        self.drain = drain
        var table: [String: RegisteredMethod] = [:]
        for method in methods {
            table[type(of: method).name] = RegisteredMethod(method)
        }
        self.methods = table
        self.authenticationMethod = authenticationMethod
        self.logger = logger
    }

    /// The registered methods' names and parameters, for checking the contract in `schema/`.
    public var signatures: [String: [RPCParameter]] {
        methods.mapValues(\.parameters)
    }

    /// Answers one line of input: the response text, or nil when nothing is due (notifications).
    public func handle(line: some Collection<UInt8>, session: RPCSession) async -> [UInt8]? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return JSONWriter.serialize(RPCMessages.failure(.parseError(error.description), id: .null))
        }
        return await handle(value, session: session).map(JSONWriter.serialize)
    }

    /// Answers every request of one line with ``RPCError/serviceStopping(ran:)`` without running any: for
    /// lines received once the service has begun to stop. Nil when nothing is due (notifications only).
    public func refuseStopping(line: some Collection<UInt8>) -> [UInt8]? {
        guard let value = try? JSONParser.parse(line) else {
            return JSONWriter.serialize(RPCMessages.failure(.serviceStopping(ran: false), id: .null))
        }
        switch value {
        case .array(let members) where !members.isEmpty:
            let answers = members.compactMap(Self.stoppingAnswer(to:))
            return answers.isEmpty ? nil : JSONWriter.serialize(.array(answers))
        default:
            return Self.stoppingAnswer(to: value).map(JSONWriter.serialize)
        }
    }

    /// The -32004 answer to one request not run; nil for a notification, which is never answered.
    private static func stoppingAnswer(to member: JSONValue) -> JSONValue? {
        guard case .object(let object) = member else {
            return RPCMessages.failure(.serviceStopping(ran: false), id: .null)
        }
        guard let id = object["id"] else { return nil }
        return RPCMessages.failure(.serviceStopping(ran: false), id: id)
    }

    /// Whether calls not yet started should be refused: the service is stopping, or the task was cancelled.
    static var isStopping: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }

    /// Answers one parsed message: a response, an array of responses, or nil when nothing is due.
    public func handle(_ message: JSONValue, session: RPCSession) async -> JSONValue? {
        guard case .array(let members) = message else {
            return await handleSingle(message, session: session)
        }
        guard !members.isEmpty else {
            return RPCMessages.failure(.invalidRequest("an empty batch"), id: .null)
        }
        guard members.count <= Self.maximumBatchSize else {
            let reason = "a batch of \(members.count) members; the limit is \(Self.maximumBatchSize)"
            return RPCMessages.failure(.invalidRequest(reason), id: .null)
        }
        var answers = [JSONValue?](repeating: nil, count: members.count)
        // Authentication runs first, so the rest of the batch sees its outcome whatever the scheduling.
        let authenticating = members.indices.filter { isAuthentication(members[$0]) }
        for index in authenticating {
            answers[index] = await handleSingle(members[index], session: session)
        }
        let others = members.indices.filter { !authenticating.contains($0) }
        for (index, answer) in zip(others, await handleConcurrently(others.map { members[$0] }, session: session)) {
            answers[index] = answer
        }
        let responses = answers.compactMap { $0 }
        return responses.isEmpty ? nil : .array(responses)
    }

    private func isAuthentication(_ member: JSONValue) -> Bool {
        authenticationMethod != nil && member["method"] == authenticationMethod.map(JSONValue.string)
    }

    /// Runs `members` at most ``batchConcurrency`` at a time; answers come back in the members' order.
    private func handleConcurrently(_ members: [JSONValue], session: RPCSession) async -> [JSONValue?] {
        await withTaskGroup(of: (Int, JSONValue?).self) { group in
            var answers = [JSONValue?](repeating: nil, count: members.count)
            var next = 0
            // Once the service is stopping, members not yet started are answered at once without running, so
            // the batch's answer goes out while the members in flight finish.
            func startNext() {
                let index = next
                next += 1
                guard !Self.isStopping else {
                    group.addTask { (index, Self.stoppingAnswer(to: members[index])) }
                    return
                }
                group.addTask { (index, await handleSingle(members[index], session: session)) }
            }
            while next < min(members.count, Self.batchConcurrency) { startNext() }
            for await (index, answer) in group {
                answers[index] = answer
                if next < members.count { startNext() }
            }
            return answers
        }
    }

    private func handleSingle(_ message: JSONValue, session: RPCSession) async -> JSONValue? {
        let request: RPCRequest
        switch RPCRequest.read(message) {
        case .success(let valid): request = valid
        case .failure(let invalid): return RPCMessages.failure(invalid.error, id: invalid.id)
        }
        let outcome = await run(request, session: session)
        guard let id = request.id else { return nil }
        switch outcome {
        case .success(let result): return RPCMessages.success(result: result, id: id)
        case .failure(let error): return RPCMessages.failure(error, id: id)
        }
    }

    private func run(_ request: RPCRequest, session: RPCSession) async -> Result<JSONValue, RPCError> {
        if !session.isAuthorized, request.method != authenticationMethod {
            return .failure(.unauthenticated(authenticationMethod: authenticationMethod))
        }
        guard let method = methods[request.method] else {
            return .failure(.methodNotFound(request.method))
        }
        var callLogger = logger
        callLogger[metadataKey: "rpc.method"] = .string(request.method)
        callLogger[metadataKey: "rpc.session"] = .string(session.label)
        let context = RPCContext(session: session, requestID: request.id, logger: callLogger)
        do {
            let params =
                method.takesRawParams
                ? request.params
                : .object(try ParamsBinding.bind(request.params, to: method.parameters, method: request.method))
            guard method.waitsOnOthers, let drain else { return .success(try await method.invoke(params, context)) }
            let invoke = method.invoke
            let outcome = await drain.run { try await invoke(params, context) }
            return .success(try outcome.get())
        } catch let error as any RPCErrorConvertible {
            return .failure(error.rpcError)
        } catch is CancellationError {
            return .failure(.serviceStopping(ran: true))
        } catch {
            callLogger.error("method failed with an unexpected error: \(String(reflecting: error))")
            return .failure(.internalError)
        }
    }
}
