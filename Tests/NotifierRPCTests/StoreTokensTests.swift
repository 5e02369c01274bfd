import JSONRPC
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Store tokens: made by the operator for one store, shown once; a session that authenticates with one acts
/// on that store alone; a revoked one opens nothing.
@Suite struct StoreTokensTests {
    static let operatorToken = "operator-token-0123456789abcdef"

    /// A session that must authenticate, as over TCP.
    private func authenticated(_ rpc: RPCHarness, with token: String) async -> (RPCSession, JSONValue) {
        let session = RPCSession(
            label: "tcp 198.51.100.9:1", requiresAuthentication: true, outbound: NullOutbound(),
            peerAddress: "198.51.100.9")
        let answer =
            await rpc.dispatcher.handle(
                [
                    "jsonrpc": "2.0", "method": "session.authenticate", "params": ["token": .string(token)], "id": 1,
                ], session: session) ?? .null
        return (session, answer)
    }

    private func call(_ rpc: RPCHarness, _ session: RPCSession, _ method: String, _ params: JSONValue) async
        -> JSONValue
    {
        await rpc.dispatcher.handle(
            ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 2], session: session) ?? .null
    }

    @Test func aStoreTokenOpensItsStoreAloneAndARevokedOneNothing() async throws {
        let rpc = try RPCHarness(token: Self.operatorToken)
        let directory = StoreDirectory(database: rpc.database)
        for hash in ["abc123", "def456"] {
            _ = try await directory.install(.init(storeHash: hash, accessToken: "t-\(hash)", scopes: "s"))
        }
        let created = await rpc.call("tokens.create", ["store": "def456", "label": "B's script"])
        let secret = try #require(created["result"]?["secret"]?.stringValue, "\(created)")
        #expect(secret.hasPrefix("mnst_") && secret.count > 60)
        let listed = await rpc.call("tokens.list", [:])
        #expect(listed["result"]?["tokens"]?.arrayValue?.first?["store"] == 2)
        #expect(!listed.description.contains(secret), "the token is shown once")

        let (session, signedIn) = await authenticated(rpc, with: secret)
        #expect(signedIn["result"]?["authenticated"] == true, "\(signedIn)")
        _ = await call(rpc, session, "account.set", ["sender": "ShopB"])
        #expect(await rpc.call("account.get", ["store": 2])["result"]?["sender"] == "ShopB")
        #expect(await rpc.call("account.get", ["store": 1])["result"]?["sender"] == .null)
        let other = await call(rpc, session, "account.get", ["store": 1])
        #expect(other["error"]?["code"] == 1005, "\(other)")
        #expect(await call(rpc, session, "tokens.list", [:])["error"]?["code"] == 1010)

        let (operatorSession, asOperator) = await authenticated(rpc, with: Self.operatorToken)
        #expect(asOperator["result"]?["authenticated"] == true)
        #expect(await call(rpc, operatorSession, "account.get", ["store": 1])["result"] != nil)

        let id = try #require(created["result"]?["token"]?["id"])
        #expect(await rpc.call("tokens.revoke", ["id": id])["result"]?["revoked"] == true)
        let (_, revoked) = await authenticated(rpc, with: secret)
        #expect(revoked["error"]?["code"] == -32002, "\(revoked)")
        #expect(await rpc.call("tokens.revoke", ["id": id])["error"]?["code"] == 1005)
        let refused = await rpc.call("tokens.create", ["store": 2, "label": ""])
        #expect(refused["error"]?["data"]?["field"] == "label")
    }
}
