/// One HTTP request, as the gateway client makes them.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    /// The HTTP method.
    public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", delete = "DELETE" }

    public var method: Method
    /// The full URL, query included.
    public var url: String
    /// Header lines, in order.
    public var headers: [(name: String, value: String)]
    /// The body (POST and PUT).
    public var body: [UInt8]
    /// The most the whole exchange may take, connection included.
    public var timeout: Duration

    public init(
        method: Method, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// `GET /rest/2/account/balance`: no host, no query, no headers, since those can carry credentials.
    public var description: String {
        let afterScheme = url.split(separator: "://", maxSplits: 1).last ?? ""
        let path = afterScheme.drop { $0 != "/" }.prefix { $0 != "?" }
        return "\(method.rawValue) \(path.isEmpty ? "/" : path)"
    }

    public static func == (left: HTTPRequest, right: HTTPRequest) -> Bool {
        left.method == right.method && left.url == right.url && left.body == right.body
            && left.timeout == right.timeout
            && left.headers.map { "\($0.name): \($0.value)" } == right.headers.map { "\($0.name): \($0.value)" }
    }
}

/// What came back.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 202.
    public var status: Int
    /// The body as received.
    public var body: [UInt8]
    /// The header lines of the final response, names in lower case, in order.
    public var headers: [(name: String, value: String)]

    public init(status: Int, body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The first header named `name` (any case).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    public static func == (left: HTTPResponse, right: HTTPResponse) -> Bool {
        left.status == right.status && left.body == right.body
            && left.headers.map { "\($0.name): \($0.value)" } == right.headers.map { "\($0.name): \($0.value)" }
    }
}

/// Why an exchange produced no response.
public struct HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Equatable {
        /// No answer within the request's timeout.
        case timeout
        /// The host could not be resolved or reached, or the connection broke.
        case connection
        /// The TLS handshake failed, e.g. a certificate that does not verify.
        case tls
        /// The request itself is unusable (a malformed URL).
        case invalidRequest
        /// The answer was larger than the client accepts.
        case responseTooLarge
        /// The client was shut down.
        case shutDown
    }

    public let kind: Kind
    /// The HTTP library's own words; never contains the URL's query.
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind): \(detail)" }
}

/// Something that performs HTTP exchanges: libcurl in the service, a stub in unit tests.
public protocol HTTPTransport: Sendable {
    /// Performs `request`.
    ///
    /// - Throws: ``HTTPTransportError`` when no response arrived, or `CancellationError`.
    func perform(_ request: HTTPRequest) async throws -> HTTPResponse
}
