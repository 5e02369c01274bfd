import Foundation
import JSONCore

#if canImport(Glibc)
    import Glibc
#endif

/// The seed's "Export Log": the history, searched and filtered like `history.query`, as CSV or JSON lines, to
/// a file on the server or returned inline; in constant memory however many rows there are.
public struct HistoryExport: Sendable {
    /// The formats.
    public enum Format: String, CaseIterable, Sendable, Codable, StringEnumeration {
        public static let valueNoun = "an export format"

        /// RFC 4180, UTF-8, a header row, the seed's columns then ours, spreadsheet-safe cells.
        case csv
        /// One JSON object per line, keyed by the columns' JSON names.
        case jsonl
    }

    /// Why an export did not happen.
    public enum Failure: Error, Sendable, Equatable {
        /// Inline, the export would pass the cap; write it to a file instead.
        case tooLargeInline(bytes: Int, cap: Int)
        /// The file exists and `overwrite` was not given.
        case exists(String)
        /// The file cannot be written, with the system's words.
        case cannotWrite(path: String, reason: String)
    }

    /// The most bytes returned inline.
    public static let inlineCap = 10 << 20

    private let store: HistoryStore

    public init(store: HistoryStore) {
        self.store = store
    }

    /// What was written.
    public struct Outcome: Sendable {
        public let rows: Int
        public let bytes: Int
        /// The text, when exported inline.
        public let inline: String?
    }

    /// Exports the rows of `query` to `path` (a temporary file renamed into place, mode 0600; an existing file is
    /// kept unless `overwrite`), or inline when `path` is nil. `progress` is told the rows written so far, every
    /// few thousand.
    public func export(
        _ query: HistoryQuery, format: Format, path: String?, overwrite: Bool = false,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> Outcome {
        guard let path else { return try await inline(query, format: format, progress: progress) }
        if !overwrite, access(path, F_OK) == 0 { throw Failure.exists(path) }
        let temporary = path + ".part-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            var written = try await write(
                query, format: format, to: FileSink(descriptor: descriptor), progress: progress)
            try written.sink.flush()
            let (rows, bytes) = (written.rows, written.sink.total)
            guard fsync(descriptor) == 0 else {
                throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            close(descriptor)
            if overwrite {
                guard rename(temporary, path) == 0 else {
                    throw Failure.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                }
            } else {
                // link() refuses an existing name, so a file made meanwhile is never replaced.
                guard link(temporary, path) == 0 else {
                    let code = errno
                    unlink(temporary)
                    throw code == EEXIST
                        ? Failure.exists(path)
                        : Failure.cannotWrite(path: path, reason: String(cString: strerror(code)))
                }
                unlink(temporary)
            }
            return Outcome(rows: rows, bytes: bytes, inline: nil)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    private func inline(
        _ query: HistoryQuery, format: Format, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Outcome {
        let written = try await write(query, format: format, to: MemorySink(cap: Self.inlineCap), progress: progress)
        return Outcome(rows: written.rows, bytes: written.sink.total, inline: written.sink.text)
    }

    /// The sink being written, and how many rows it holds.
    struct Written<Sink: ExportSink & Sendable>: Sendable {
        var sink: Sink
        var rows = 0
    }

    /// Writes the rows of `query` to `sink` in `format`, as the storage hands them over; the sink as written.
    private func write<Sink: ExportSink & Sendable>(
        _ query: HistoryQuery, format: Format, to sink: Sink, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Written<Sink> {
        var start = Written(sink: sink)
        if format == .csv {
            start.sink.bytes.append(contentsOf: CSVCell.record(HistoryColumns.names).utf8)
            try start.sink.endRecord()
        }
        return try await store.storage.exportRows(query, from: start) { written, rows in
            written.rows = try Self.write(
                &rows, format: format, to: &written.sink, after: written.rows, progress: progress)
        }
    }

    /// Each column's JSON name, quoted, with its colon.
    private static let jsonKeys = HistoryColumns.keys.map { key in
        var bytes: [UInt8] = []
        JSONWriter.writeString(key, into: &bytes)
        return bytes + [UInt8(ascii: ":")]
    }

    /// Writes `rows` to `sink`, after the `written` rows before them; how many rows are written then.
    private static func write(
        _ rows: inout HistoryCells, format: Format, to sink: inout some ExportSink, after written: Int,
        progress: @Sendable (Int) -> Void
    ) throws -> Int {
        var count = written
        while try rows.next() {
            switch format {
            case .csv:
                for index in 0..<rows.width {
                    if index > 0 { sink.bytes.append(UInt8(ascii: ",")) }
                    rows.withCell(index) { CSVCell.append($0, to: &sink.bytes) }
                }
                sink.bytes.append(contentsOf: [0x0D, 0x0A])
            case .jsonl:
                sink.bytes.append(UInt8(ascii: "{"))
                for index in 0..<rows.width {
                    if index > 0 { sink.bytes.append(UInt8(ascii: ",")) }
                    sink.bytes.append(contentsOf: jsonKeys[index])
                    rows.withCell(index) { JSONWriter.writeString(utf8: $0, into: &sink.bytes) }
                }
                sink.bytes.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
            }
            try sink.endRecord()
            count += 1
            if count % 10_000 == 0 { progress(count) }
        }
        return count
    }
}
