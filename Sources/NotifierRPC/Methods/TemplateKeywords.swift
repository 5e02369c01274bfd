import JSONRPC
import Notifier

/// `template.keywords`: an event's keywords with a description and a sample value each, as the seed's keyword
/// modal shows them.
struct TemplateKeywords: RPCMethod {
    static let name = "template.keywords"
    static let parameters: [RPCParameter] = [.required("event")]

    struct Params: Decodable, Sendable {
        let event: StoreEvent
    }

    func handle(_ params: Params, context: RPCContext) async throws -> JSONValue {
        let event = params.event
        let keywords = KeywordCatalog.keywords(for: event).map { keyword -> JSONValue in
            [
                "name": .string(keyword.name), "keyword": .string("{\(keyword.name)}"),
                "description": .string(keyword.description), "sample": .string(keyword.sample),
                "availability": .string(keyword.availability.rawValue),
            ]
        }
        return ["event": .string(event.rawValue), "title": .string(event.title), "keywords": .array(keywords)]
    }
}
