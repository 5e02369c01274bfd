import Foundation
import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Keeps `schema/openrpc.json` and the code in agreement.
@Suite struct ContractTests {
    let document: JSONValue
    let dispatcher: RPCDispatcher

    init() throws {
        let bytes = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("schema/openrpc.json"))
        document = try JSONParser.parse(Array(bytes))
        let folder = try Fixtures.temporaryFolder()
        let database = try AppDatabase.open(path: folder.appendingPathComponent("db.sqlite").path)
        dispatcher = NotifierMethods.makeDispatcher(
            database: database, http: StubTransport(body: "{}"), token: nil, logger: Logger(label: "test"))
    }

    /// Each method's params as the document gives them: name, required, and whether the schema allows null.
    private var documentedMethods: [String: [RPCParameter]] {
        let schema = SchemaCheck(document: document)
        var methods: [String: [RPCParameter]] = [:]
        for method in document["methods"]?.arrayValue ?? [] {
            let params = (method["params"]?.arrayValue ?? []).map { param in
                RPCParameter(
                    name: param["name"]?.stringValue ?? "", isRequired: param["required"] == true,
                    isNullable: schema.allowsNull(param["schema"] ?? [:]))
            }
            methods[method["name"]?.stringValue ?? ""] = params
        }
        return methods
    }

    @Test func theEmbeddedDocumentIsTheRepositorysFile() throws {
        // Compared without printing both documents on failure: they are long.
        let embeddedIsCurrent = OpenRPCDocument.value == document
        #expect(embeddedIsCurrent, "the binary embeds another schema/openrpc.json than the repository's")
        #expect(document["openrpc"]?.stringValue?.hasPrefix("1.3") == true)
    }

    @Test func everyRegisteredMethodIsDocumentedWithTheSameParams() {
        let registered = dispatcher.signatures
        #expect(Set(registered.keys) == Set(documentedMethods.keys))
        for (name, parameters) in registered {
            #expect(
                documentedMethods[name] == parameters,
                "params of \(name): code \(parameters), document \(documentedMethods[name] ?? [])")
        }
    }

    @Test func everyErrorCodeIsDocumented() {
        let documented = (document["components"]?["errors"]?.objectValue ?? JSONObject()).map { member in
            ErrorCatalog.Entry(
                name: member.key,
                code: member.value["code"].flatMap { value -> Int? in
                    if case .number(let number) = value { return number.integer() }
                    return nil
                } ?? 0)
        }
        #expect(Set(documented) == Set(ErrorCatalog.all))
    }

    @Test func everyErrorReferenceOfAMethodResolves() {
        let names = Set(document["components"]?["errors"]?.objectValue?.keys ?? [])
        for method in document["methods"]?.arrayValue ?? [] {
            for reference in method["errors"]?.arrayValue ?? [] {
                let target = reference["$ref"]?.stringValue ?? ""
                #expect(target.hasPrefix("#/components/errors/"))
                #expect(names.contains(String(target.dropFirst("#/components/errors/".count))), "\(target)")
            }
        }
    }

    @Test func theDocumentCarriesTheServiceVersion() {
        #expect(document["info"]?["version"] == .string(ServiceVersion.current))
    }

    @Test func rpcDiscoverServesTheDocument() async throws {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        let answer = await dispatcher.handle(["jsonrpc": "2.0", "method": "rpc.discover", "id": 1], session: session)
        let servesTheDocument = answer?["result"] == document
        #expect(servesTheDocument, "rpc.discover does not answer schema/openrpc.json")
    }
}

struct NullOutbound: RPCOutbound {
    func send(_ message: [UInt8]) async throws {}
}
