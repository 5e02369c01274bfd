/// The parameters of an `application/x-www-form-urlencoded` body or a query string, in order.
struct FormParameters: Sendable, Equatable {
    /// Each name with its value, decoded, in the order given.
    var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Decodes `name=value&...`: `+` is a space, `%XX` a byte, and the bytes are UTF-8 (invalid sequences
    /// become U+FFFD). A piece without `=` is a name with an empty value.
    init(decoding bytes: some Collection<UInt8>) {
        pairs = bytes.split(separator: UInt8(ascii: "&")).map { piece in
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else {
                return (Self.decode(piece[...]), "")
            }
            return (Self.decode(piece[..<equals]), Self.decode(piece[piece.index(after: equals)...]))
        }
    }

    /// The first value given for `name`.
    subscript(name: String) -> String? {
        pairs.first(where: { $0.name == name })?.value
    }

    /// These parameters followed by `other`'s, so that a name given here wins.
    func merged(with other: FormParameters) -> FormParameters {
        FormParameters(pairs: pairs + other.pairs)
    }

    /// Encodes pairs as a form body, escaping everything but unreserved characters.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0) + "=" + escape($1) }.joined(separator: "&")
    }

    static func == (left: FormParameters, right: FormParameters) -> Bool {
        left.pairs.map(\.name) == right.pairs.map(\.name) && left.pairs.map(\.value) == right.pairs.map(\.value)
    }

    private static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                escaped += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return escaped
    }

    private static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = hexDigit(bytes, after: index, by: 1),
                let low = hexDigit(bytes, after: index, by: 2)
            {
                decoded.append(high << 4 | low)
                index = bytes.index(index, offsetBy: 2)
            } else {
                decoded.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static func hexDigit<Bytes: Collection<UInt8>>(
        _ bytes: Bytes, after index: Bytes.Index, by offset: Int
    ) -> UInt8? {
        guard let position = bytes.index(index, offsetBy: offset, limitedBy: bytes.endIndex),
            position != bytes.endIndex
        else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return bytes[position] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return bytes[position] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return bytes[position] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
