/// An answer the sandbox writes, or the decision to close the connection without one.
struct SandboxResponse: Sendable {
    /// How MoceanAPI's endpoints format answers: JSON when asked with `mocean-resp-format=json`, else XML.
    enum Format: Sendable {
        case json, xml

        init(_ parameters: FormParameters) {
            self = parameters["mocean-resp-format"]?.lowercased() == "json" ? .json : .xml
        }
    }

    var status: Int
    var contentType: String
    var body: [UInt8]
    /// Extra headers, e.g. `Allow`.
    var headers: [(String, String)] = []
    /// How long to wait before writing the answer.
    var delayMilliseconds = 0
    /// Close the connection instead of answering.
    var drops = false

    /// `value` as JSON or XML.
    static func wire(_ value: WireValue, status: Int, format: Format = .json) -> SandboxResponse {
        switch format {
        case .json:
            SandboxResponse(status: status, contentType: "application/json", body: Array(value.json.utf8))
        case .xml:
            SandboxResponse(status: status, contentType: "text/xml; charset=UTF-8", body: Array(value.xml.utf8))
        }
    }

    /// MoceanAPI's error answer: `{"status":N,"err_msg":"..."}` with the HTTP status that goes with `code`.
    static func gatewayError(_ code: Int, format: Format, httpStatus: Int? = nil) -> SandboxResponse {
        wire(
            .object([("status", .integer(code)), ("err_msg", .string(GatewayStatus.text(code)))]),
            status: httpStatus ?? GatewayStatus.httpStatus(code), format: format)
    }

    /// A JSON text as it is.
    static func json(_ text: String, status: Int) -> SandboxResponse {
        SandboxResponse(status: status, contentType: "application/json", body: Array(text.utf8))
    }

    /// A plain text answer.
    static func text(_ text: String, status: Int) -> SandboxResponse {
        SandboxResponse(status: status, contentType: "text/plain; charset=UTF-8", body: Array(text.utf8))
    }

    /// An HTML page.
    static func html(_ text: String, status: Int = 200) -> SandboxResponse {
        SandboxResponse(status: status, contentType: "text/html; charset=UTF-8", body: Array(text.utf8))
    }

    /// `{"error": message}`.
    static func error(_ message: String, status: Int) -> SandboxResponse {
        .wire(.object([("error", .string(message))]), status: status)
    }

    /// No answer: the connection closes.
    static let drop = SandboxResponse(status: 0, contentType: "", body: [], drops: true)
}
