import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

extension Request {
    /// The whole body, refused with 413 past `limit` bytes (by its `Content-Length` before reading, or as it
    /// arrives).
    func collectBody(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Self.tooLarge(limit)
        }
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        } catch let error as HTTPParserError {
            throw HTTPFailure.badFraming(error)
        }
    }

    /// Refuses the request with 415 unless its `Content-Type` is `expected` (parameters such as `charset`
    /// allowed).
    func requireContentType(_ expected: String) throws {
        let given = headers[.contentType] ?? ""
        let mediaType = given.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard mediaType == expected else {
            throw HTTPFailure(
                .unsupportedMediaType, "unsupportedMediaType",
                "Content-Type must be \(expected), not \(given.isEmpty ? "absent" : "\"\(given.prefix(80))\"")")
        }
    }

    /// The value of the header `name` (any case); several lines of it are joined with ", ".
    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// The value of each line of the header `name` (any case), in the order they came.
    func headerLines(_ name: String) -> [String] {
        HTTPField.Name(name).map { headers[values: $0] } ?? []
    }

    private static func tooLarge(_ limit: Int) -> HTTPFailure {
        HTTPFailure(
            .contentTooLarge, "bodyTooLarge", "the request body is over \(limit) bytes, the most this service accepts")
    }
}
