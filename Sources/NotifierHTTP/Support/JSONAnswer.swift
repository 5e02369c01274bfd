import Hummingbird
import JSONCore

/// A JSON answer of the front.
enum JSONAnswer {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        let json = try JSONValueEncoder().encode(value)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json.description)))
    }
}
