import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where export bytes go: appended record by record, handed on (or checked against a cap) between records.
protocol ExportSink {
    /// The bytes of the record being written.
    var bytes: [UInt8] { get set }
    /// Called after each record: flushes or checks what was appended.
    mutating func endRecord() throws
    /// Bytes written in all.
    var total: Int { get }
}

/// Buffers writes to a file descriptor, 256 KiB at a time.
struct FileSink: ExportSink {
    let descriptor: Int32
    var bytes: [UInt8] = []
    private(set) var flushed = 0
    var total: Int { flushed + bytes.count }

    init(descriptor: Int32) {
        self.descriptor = descriptor
        bytes.reserveCapacity(1 << 18 + 1 << 14)
    }

    mutating func endRecord() throws {
        if bytes.count >= 1 << 18 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw HistoryExport.Failure.cannotWrite(path: "", reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        flushed += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Keeps the export in memory, up to a cap.
struct MemorySink: ExportSink {
    let cap: Int
    var bytes: [UInt8] = []
    var total: Int { bytes.count }
    var text: String { String(decoding: bytes, as: UTF8.self) }

    init(cap: Int) {
        self.cap = cap
    }

    mutating func endRecord() throws {
        guard bytes.count <= cap else { throw HistoryExport.Failure.tooLargeInline(bytes: bytes.count, cap: cap) }
    }
}
