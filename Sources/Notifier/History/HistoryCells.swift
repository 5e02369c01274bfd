import GRDB
import GRDBSQLite

/// The rows of a history statement as SQLite holds them: each cell's UTF-8 text read in place, without a
/// `String` or a row value per cell (an export reads millions of them).
struct HistoryCells {
    private let statement: Statement
    private let rows: RowCursor
    /// Cells per row.
    let width: Int

    init(statement: Statement) throws {
        self.statement = statement
        rows = try Row.fetchCursor(statement)
        width = statement.columnCount
    }

    /// Steps to the next row; false after the last.
    mutating func next() throws -> Bool {
        try rows.next() != nil
    }

    /// Calls `body` with the text of cell `index` of the current row (empty for NULL); the bytes are valid
    /// only during the call.
    func withCell<Value>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
        let column = Int32(index)
        guard let text = sqlite3_column_text(statement.sqliteStatement, column) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        let count = Int(sqlite3_column_bytes(statement.sqliteStatement, column))
        return try body(UnsafeRawBufferPointer(start: text, count: count))
    }
}
