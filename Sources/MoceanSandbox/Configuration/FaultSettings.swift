/// The faults the sandbox injects into MoceanAPI's four endpoints, for tests and benchmarks.
///
/// Each request draws its fate from the seeded generator: first whether the connection drops, then whether an
/// HTTP error answers, then whether a gateway error does. The latency applies to every answer, faulty or not.
public struct FaultSettings: Sendable, Equatable {
    /// Every answer waits this long before it is written (other requests are served meanwhile).
    public var latencyMilliseconds: Int
    /// The share of requests (0 to 1) answered with the gateway error ``failStatus``.
    public var failShare: Double
    /// The gateway status code of injected gateway errors, e.g. 32 (throttled, HTTP 429) or 45 (system
    /// error, HTTP 500).
    public var failStatus: Int
    /// The share of requests (0 to 1) answered with the bare HTTP error ``httpErrorCode``.
    public var httpErrorShare: Double
    /// The HTTP status of injected HTTP errors, 400 to 599; the body is its reason phrase as plain text.
    public var httpErrorCode: Int
    /// The share of requests (0 to 1) whose connection is closed without an answer.
    public var dropShare: Double

    public init(
        latencyMilliseconds: Int = 0, failShare: Double = 0, failStatus: Int = 45, httpErrorShare: Double = 0,
        httpErrorCode: Int = 503, dropShare: Double = 0
    ) {
        self.latencyMilliseconds = latencyMilliseconds
        self.failShare = failShare
        self.failStatus = failStatus
        self.httpErrorShare = httpErrorShare
        self.httpErrorCode = httpErrorCode
        self.dropShare = dropShare
    }

    /// Refuses values out of range, naming the command-line flag and the JSON field.
    ///
    /// - Throws: ``SandboxConfigurationError`` with the allowed range.
    public func validate() throws(SandboxConfigurationError) {
        guard (0...60_000).contains(latencyMilliseconds) else {
            throw SandboxConfigurationError(
                "--latency-ms (latencyMs) \(latencyMilliseconds) is out of range: give 0 to 60000")
        }
        for (flag, field, share) in [
            ("--fail-share", "failShare", failShare), ("--http-error-share", "httpErrorShare", httpErrorShare),
            ("--drop-share", "dropShare", dropShare),
        ] where !(share.isFinite && (0...1).contains(share)) {
            throw SandboxConfigurationError("\(flag) (\(field)) \(share) is out of range: give 0 to 1")
        }
        guard failStatus != 0, GatewayStatus.texts[failStatus] != nil else {
            let codes = GatewayStatus.texts.keys.filter { $0 != 0 }.sorted().map(String.init)
            throw SandboxConfigurationError(
                "--fail-status (failStatus) \(failStatus) is not a MoceanAPI error status: give one of "
                    + codes.joined(separator: ", "))
        }
        guard (400...599).contains(httpErrorCode) else {
            throw SandboxConfigurationError(
                "--http-error-code (httpErrorCode) \(httpErrorCode) is not an HTTP error: give 400 to 599")
        }
    }

    /// The settings as `GET /sandbox/faults` shows them.
    var wireValue: WireValue {
        .object([
            ("latencyMs", .integer(latencyMilliseconds)),
            ("failShare", .number(failShare)),
            ("failStatus", .integer(failStatus)),
            ("httpErrorShare", .number(httpErrorShare)),
            ("httpErrorCode", .integer(httpErrorCode)),
            ("dropShare", .number(dropShare)),
        ])
    }
}
