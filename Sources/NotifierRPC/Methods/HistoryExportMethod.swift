import JSONRPC
import Notifier

/// `history.export`: the seed's "Export Log": the history, searched and filtered as `history.query` does, as
/// CSV or JSON lines, to a file on the server or inline up to 10 MiB; `history.exportProgress` notifications
/// every 10,000 rows.
struct HistoryExportMethod: StoreScopedMethod {
    static let name = "history.export"
    static let waitsOnOthers = true
    static let parameters: [RPCParameter] =
        [.optional("format"), .optional("path"), .optional("overwrite")] + HistoryFilterParams.parameters

    struct Params: Decodable, Sendable {
        let format: HistoryExport.Format?
        let path: String?
        let overwrite: Bool?
        let filters: HistoryFilterParams

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decodeIfPresent(HistoryExport.Format.self, forKey: .format)
            path = try container.decodeIfPresent(String.self, forKey: .path)
            overwrite = try container.decodeIfPresent(Bool.self, forKey: .overwrite)
            filters = try HistoryFilterParams(from: decoder)
        }

        private enum CodingKeys: String, CodingKey { case format, path, overwrite }
    }

    struct Result: Encodable, Sendable {
        let format: String
        let rows: Int
        let bytes: Int
        /// Where it was written; null when inline.
        let path: String?
        /// The export itself, when no path was given.
        let content: String?
    }

    struct Progress: Encodable, Sendable {
        let rows: Int
        let total: Int
    }

    let history: HistoryStore
    let export: HistoryExport

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> Result {
        let query = try params.filters.query(store: storeID)
        let format = params.format ?? .csv
        if let path = params.path, !path.hasPrefix("/") {
            throw RPCError.invalidParams(
                field: "path", reason: "must be an absolute path on the server, e.g. /var/backups/sms-history.csv")
        }
        let total = try await history.count(query)
        let session = context.session
        do {
            let outcome = try await export.export(
                query, format: format, path: params.path, overwrite: params.overwrite ?? false,
                progress: { rows in
                    Task {
                        try? await session.notify(
                            method: "history.exportProgress", params: Progress(rows: rows, total: total))
                    }
                })
            return Result(
                format: format.rawValue, rows: outcome.rows, bytes: outcome.bytes, path: params.path,
                content: outcome.inline)
        } catch let failure as HistoryExport.Failure {
            switch failure {
            case .tooLargeInline(_, let cap):
                throw RPCError.invalidParams(
                    field: "path",
                    reason: "is needed: the export is larger than the \(cap / (1 << 20)) MiB returned inline; give a "
                        + "file path on the server")
            case .exists(let path):
                throw RPCError.invalidParams(
                    field: "path", reason: "\(path) exists: give another path, or overwrite: true to replace it")
            case .cannotWrite(_, let reason):
                throw RPCError.invalidParams(field: "path", reason: "cannot be written: \(reason)")
            }
        }
    }
}
