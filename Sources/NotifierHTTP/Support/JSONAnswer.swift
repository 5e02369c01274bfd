import Hummingbird
import JSONCore

/// A JSON answer of the front.
enum JSONAnswer {
    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let json = try JSONValueEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json.description)))
    }
}
