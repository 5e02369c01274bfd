import JSONRPC
import OpenRPCSchema

/// The contract in `schema/openrpc.json`, embedded in the binary when it was built.
public enum OpenRPCDocument {
    /// The document's bytes, exactly as in the repository.
    public static var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: openrpc_schema_bytes(), count: openrpc_schema_length())
    }

    /// The document, parsed once.
    public static let value: JSONValue = {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            // The build embeds the file as it is in the repository, and a test parses it: this cannot be
            // reached by a binary whose tests passed.
            preconditionFailure("schema/openrpc.json is not valid JSON: \(error)")
        }
    }()
}
