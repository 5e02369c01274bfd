import Logging
import PostgresNIO

extension PostgresClient {
    /// `body` in a transaction, committed when it returns and rolled back when it throws; what `body` threw is
    /// thrown as it is (a refusal of the domain's), not wrapped in postgres-nio's transaction error.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError { throw cause }
            throw error
        }
    }
}
