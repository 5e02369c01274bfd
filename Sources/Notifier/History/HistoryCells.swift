import GRDB
import GRDBSQLite

/// The rows of an export as the database gives them: each cell's UTF-8 text read in place, without a `String`
/// or a row value per cell (an export reads millions of them). From SQLite, a statement's rows; from a database
/// that hands rows over a page at a time, a ``HistoryCellPage``.
public struct HistoryCells {
    /// The statement stepped, kept alive for `sqliteStatement`; nil over a page.
    private let statement: Statement?
    private let sqliteStatement: SQLiteStatement?
    private let rows: RowCursor?
    private let page: HistoryCellPage
    /// The current row of `page`.
    private var row = -1
    /// Cells per row.
    let width: Int

    init(statement: Statement) throws {
        self.statement = statement
        sqliteStatement = statement.sqliteStatement
        rows = try Row.fetchCursor(statement)
        page = HistoryCellPage(width: statement.columnCount)
        width = statement.columnCount
    }

    /// The rows of `page`.
    public init(page: HistoryCellPage) {
        statement = nil
        sqliteStatement = nil
        rows = nil
        self.page = page
        width = page.width
    }

    /// Steps to the next row; false after the last.
    mutating func next() throws -> Bool {
        if let rows { return try rows.next() != nil }
        guard row + 1 < page.rowCount else { return false }
        row += 1
        return true
    }

    /// Calls `body` with the text of cell `index` of the current row (empty for NULL); the bytes are valid
    /// only during the call.
    func withCell<Value>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
        guard let sqliteStatement else { return try page.withCell(row: row, index, body) }
        let column = Int32(index)
        guard let text = sqlite3_column_text(sqliteStatement, column) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        let count = Int(sqlite3_column_bytes(sqliteStatement, column))
        return try body(UnsafeRawBufferPointer(start: text, count: count))
    }
}

/// Rows of text cells held in memory: one page of an export's rows, as a database that hands rows over one by
/// one gives them, so that an export never holds every row at once.
public struct HistoryCellPage: Sendable {
    /// Cells per row.
    public let width: Int
    /// The cells' UTF-8 text, one after the other.
    private var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`, row after row.
    private var ends: [Int] = []

    /// An empty page of rows of `width` cells.
    public init(width: Int) {
        self.width = width
    }

    /// The complete rows appended.
    public var rowCount: Int { width == 0 ? 0 : ends.count / width }

    /// Appends the next cell, row after row: `text`, or an empty cell for nil.
    public mutating func append(_ text: String?) {
        if let text { bytes.append(contentsOf: text.utf8) }
        ends.append(bytes.count)
    }

    /// Calls `body` with the text of cell `index` of row `row`.
    func withCell<Value>(row: Int, _ index: Int, _ body: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
        let cell = row * width + index
        let start = cell == 0 ? 0 : ends[cell - 1]
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<ends[cell]])) }
    }
}
