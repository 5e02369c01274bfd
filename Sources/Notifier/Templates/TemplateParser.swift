/// One piece of a parsed template: literal text or a keyword.
enum TemplateSegment: Sendable, Equatable {
    /// Text written as is (`{{` and `}}` already turned into single braces).
    case text(String)
    /// A keyword's name, without its braces.
    case keyword(String)
}

/// Splits a template into literal text and `{keyword}`s and checks the keywords against an event's catalog.
///
/// Rules: `{name}` is a keyword (spaces or tabs around the name are ignored); `{{` writes `{` and `}}` writes `}`
/// (read left to right, so `{{{orders.id}}}` is a brace, a keyword and a brace); any other `{` must be closed by
/// a `}` before the next `{`; any other `}` is an error. Positions count characters from 1.
enum TemplateParser {
    /// The segments of `text`, adjacent literal text merged, or the first error found.
    static func parse(_ text: String, event: StoreEvent) throws(TemplateError) -> [TemplateSegment] {
        let names = KeywordCatalog.names(for: event)
        let known = Set(names)
        let characters = Array(text)
        var segments: [TemplateSegment] = []
        var literal = ""
        var index = 0

        func fail(at offset: Int, _ message: String, suggestion: String? = nil) -> TemplateError {
            TemplateError(position: offset + 1, message: message, validKeywords: names, suggestion: suggestion)
        }

        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "{" where next == "{":
                literal.append("{")
                index += 2
            case "{":
                var end = index + 1
                while end < characters.count, characters[end] != "}", characters[end] != "{" {
                    end += 1
                }
                guard end < characters.count, characters[end] == "}" else {
                    throw fail(
                        at: index,
                        "unclosed { at position \(index + 1): close it with }, or write {{ for a literal brace")
                }
                let name = trimmed(String(characters[(index + 1)..<end]))
                guard !name.isEmpty else {
                    throw fail(
                        at: index,
                        "empty keyword {} at position \(index + 1): write a keyword between the braces, "
                            + "or {{ for a literal brace")
                }
                guard known.contains(name) else {
                    throw fail(
                        at: index, "unknown keyword {\(name)} at position \(index + 1)",
                        suggestion: KeywordSuggestion.closest(to: name, among: names))
                }
                if !literal.isEmpty {
                    segments.append(.text(literal))
                    literal = ""
                }
                segments.append(.keyword(name))
                index = end + 1
            case "}" where next == "}":
                literal.append("}")
                index += 2
            case "}":
                throw fail(at: index, "a } at position \(index + 1) has no opening {: write }} for a literal brace")
            default:
                literal.append(character)
                index += 1
            }
        }
        if !literal.isEmpty {
            segments.append(.text(literal))
        }
        return segments
    }

    /// `text` without the spaces and tabs around it.
    private static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }
}
