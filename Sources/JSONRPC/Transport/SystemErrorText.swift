import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// System errors in words: `Address already in use (errno 98)` rather than NIO's debugging text.
enum SystemErrorText {
    /// What went wrong, in the operating system's words when it was a system call.
    static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError {
            return "\(String(cString: strerror(ioError.errnoCode))) (errno \(ioError.errnoCode))"
        }
        if let socketError = error as? SocketAddressError {
            switch socketError {
            case .unknown(let host, let port): return "the host name \"\(host)\" (port \(port)) could not be resolved"
            case .unsupported: return "the address family is not supported"
            case .unixDomainSocketPathTooLong: return "the socket path is too long"
            case .failedToParseIPString(let text): return "\"\(text)\" is not an IP address"
            default: return "the address is not usable"
            }
        }
        return "\(error)"
    }
}
