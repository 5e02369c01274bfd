extension JSONValue: Codable {
    /// Decodes any JSON value. ``JSONValueDecoder`` hands the raw value over directly; other decoders are
    /// probed type by type, so very large integers may lose precision there.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: DynamicCodingKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys {
                object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key)
            }
            self = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
            } else if let integer = try? single.decode(Int64.self) {
                self = .number(JSONNumber(integer))
            } else if let double = try? single.decode(Double.self) {
                self = .number(JSONNumber(double))
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// Encodes the value; ``JSONValueEncoder`` keeps it as it is, number literals included.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .number(let number):
            var single = encoder.singleValueContainer()
            if let integer = number.integer(as: Int64.self) {
                try single.encode(integer)
            } else {
                try single.encode(number.double ?? 0)
            }
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .array(let elements):
            var unkeyed = encoder.unkeyedContainer()
            for element in elements { try unkeyed.encode(element) }
        case .object(let object):
            var keyed = encoder.container(keyedBy: DynamicCodingKey.self)
            for member in object { try keyed.encode(member.value, forKey: DynamicCodingKey(stringValue: member.key)) }
        }
    }
}
