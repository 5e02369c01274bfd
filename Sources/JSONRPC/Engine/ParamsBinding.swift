/// Turns a request's `params` (by name or by position) into the object a method's params decode from.
enum ParamsBinding {
    /// Checks `params` against `parameters` and returns them by name.
    ///
    /// - Throws: -32602 naming the surplus position, the unknown name or the missing required parameter.
    static func bind(
        _ params: JSONValue?, to parameters: [RPCParameter], method: String
    ) throws(RPCError) -> JSONObject {
        let accepted = parameters.map(\.name)
        var object: JSONObject
        switch params {
        case nil:
            object = JSONObject()
        case .array(let positional):
            guard positional.count <= parameters.count else {
                throw .invalidParams(
                    field: "",
                    reason: "has \(positional.count) positional values; \(method) takes at most "
                        + "\(parameters.count)\(acceptedList(accepted))")
            }
            object = JSONObject(zip(parameters, positional).map { .init(key: $0.name, value: $1) })
        case .object(let named):
            if let unknown = named.keys.first(where: { !accepted.contains($0) }) {
                throw .invalidParams(
                    field: unknown, reason: "is not a parameter of \(method)\(acceptedList(accepted))")
            }
            object = named
        default:
            throw .invalidRequest("params must be an array or an object")
        }
        for parameter in parameters where parameter.isRequired {
            if object[parameter.name] == nil {
                throw .invalidParams(field: parameter.name, reason: "is required")
            }
        }
        return object
    }

    private static func acceptedList(_ names: [String]) -> String {
        names.isEmpty ? " (it takes none)" : " (accepted: \(names.joined(separator: ", ")))"
    }

    /// Turns a decoding failure into -32602 with the offending field's path, and the accepted values when the
    /// field is a ``StringEnumeration``.
    static func invalidParams(from error: DecodingError, parameters: [RPCParameter] = []) -> RPCError {
        switch error {
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return invalidParams(context, reason: reasonText(context))
        case .valueNotFound(let type, let context):
            if let enumeration = type as? any StringEnumeration.Type {
                return invalidParams(
                    context, reason: enumeration.refusal(of: "null"),
                    accepted: UnacceptedValue(accepted: enumeration.acceptedValues))
            }
            let field = path(context.codingPath)
            let isOptional = context.codingPath.count == 1 && parameters.contains { $0.name == field && !$0.isRequired }
            return invalidParams(
                context, reason: isOptional ? "must not be null: give a value, or leave it out" : "must not be null")
        case .keyNotFound(let key, let context):
            return .invalidParams(field: path(context.codingPath + [key]), reason: "is required")
        @unknown default:
            return .invalidParams(field: "", reason: "do not fit the method")
        }
    }

    private static func invalidParams(
        _ context: DecodingError.Context, reason: String, accepted: UnacceptedValue? = nil
    ) -> RPCError {
        var extra = JSONObject()
        if let accepted = accepted ?? context.underlyingError as? UnacceptedValue {
            extra["accepted"] = .array(accepted.accepted.map(JSONValue.string))
        }
        return .invalidParams(field: path(context.codingPath), reason: reason, extra: extra)
    }

    private static func reasonText(_ context: DecodingError.Context) -> String {
        context.debugDescription.isEmpty ? "is not valid" : context.debugDescription
    }

    /// `events[2].template` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
