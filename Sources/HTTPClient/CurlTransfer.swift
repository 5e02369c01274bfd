import CCurl
import Synchronization

/// One request in flight: its curl handle, the body received so far, and the task waiting for it.
///
/// Created by the awaiting task, then touched only by the engine's thread: `@unchecked Sendable` because the
/// hand-over happens through the engine's locked queue, which no actor could replace for a C library's
/// thread.
final class CurlTransfer: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var released = false
    private let cancelled = Atomic(false)
    /// The most body accepted; a larger answer aborts the transfer.
    let maximumBodyBytes: Int
    var body: [UInt8] = []
    /// Header lines of the response being read; a new status line (after a redirect or 100 Continue) starts
    /// them again.
    var headers: [(name: String, value: String)] = []
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    init(request: HTTPRequest, connectTimeout: Duration, maximumBodyBytes: Int) throws(HTTPTransportError) {
        self.maximumBodyBytes = maximumBodyBytes
        guard let handle = curl_easy_init() else {
            throw HTTPTransportError(kind: .invalidRequest, detail: "curl_easy_init failed")
        }
        self.handle = handle
        guard ccurl_setopt_string(handle, CURLOPT_URL, request.url) == CURLE_OK else {
            throw HTTPTransportError(kind: .invalidRequest, detail: "the URL is not usable")
        }
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_PROTOCOLS, Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout))
        ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        switch request.method {
        case .get:
            ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case .post, .put, .delete:
            if request.method == .post {
                ccurl_setopt_long(handle, CURLOPT_POST, 1)
            } else {
                ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
            if request.method != .delete || !request.body.isEmpty {
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                var body = request.body.map { CChar(bitPattern: $0) }
                body.append(0)
                _ = ccurl_setopt_post_body(handle, body, request.body.count)
            }
        }
        // Without this, curl sends `Expect: 100-continue` on larger bodies and waits a second for nothing.
        var headers = request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"]
        headers.append("User-Agent: mocean-notify")
        for line in headers {
            headerList = curl_slist_append(headerList, line)
        }
        ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        ccurl_setopt_long(handle, CURLOPT_MAXFILESIZE, maximumBodyBytes)
        ccurl_setopt_write_function(handle) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            // Returning less than given aborts the transfer (CURLE_WRITE_ERROR).
            guard transfer.body.count + length <= transfer.maximumBodyBytes else { return 0 }
            if let data { transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
            return length
        }
        ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque())
        ccurl_setopt_header_function(handle) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard let data else { return length }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                transfer.headers = []
            } else if let colon = line.firstIndex(of: ":"), transfer.headers.count < 200 {
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
                transfer.headers.append((name, value))
            }
            return length
        }
        ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, Unmanaged.passUnretained(self).toOpaque())
        ccurl_setopt_pointer(handle, CURLOPT_PRIVATE, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Records that the waiting task was cancelled, so the engine does not start it if it has not yet.
    func markCancelled() {
        cancelled.store(true, ordering: .releasing)
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Frees the curl handle and resumes the waiting task, once; later calls do nothing.
    ///
    /// Called on the engine's thread after the handle left the multi handle, so that no curl object is ever
    /// freed on another thread than the one driving the transfers.
    func finish(_ result: Result<HTTPResponse, any Error>) {
        releaseHandle()
        continuation?.resume(with: result)
        continuation = nil
    }

    private func releaseHandle() {
        guard !released else { return }
        released = true
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        headerList = nil
    }

    /// The response, or the error that replaced it, for a finished curl transfer.
    func outcome(of code: CURLcode) -> Result<HTTPResponse, any Error> {
        guard code == CURLE_OK else { return .failure(Self.error(for: code)) }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, body: body, headers: headers))
    }

    static func error(for code: CURLcode) -> HTTPTransportError {
        let detail = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPTransportError(kind: .timeout, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return HTTPTransportError(kind: .tls, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return HTTPTransportError(kind: .invalidRequest, detail: detail)
        case CURLE_WRITE_ERROR, CURLE_FILESIZE_EXCEEDED:
            return HTTPTransportError(kind: .responseTooLarge, detail: "the answer is larger than the client accepts")
        default:
            return HTTPTransportError(kind: .connection, detail: detail)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// A transfer that never reached the engine (refused at submission) still owns its handle.
    deinit {
        releaseHandle()
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
