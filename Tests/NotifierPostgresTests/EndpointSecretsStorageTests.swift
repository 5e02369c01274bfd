import Foundation
import Notifier
import TestSupport
import Testing

/// The endpoints' secrets over each backend: made once, the same for everyone who asks, however many ask
/// together.
@Suite(.timeLimit(.minutes(2))) struct EndpointSecretsStorageTests {
    @Test(arguments: StorageBackend.available)
    func everyoneAskingTogetherGetsTheSecretsTheFirstSaved(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let storage = storages.endpointSecrets
            let all = try await withThrowingTaskGroup(of: EndpointSecrets.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await EndpointSecrets.loadOrCreate(storage) }
                }
                var all: [EndpointSecrets] = []
                for try await secrets in group { all.append(secrets) }
                return all
            }
            #expect(Set(all.map(\.deliveryReportPath)).count == 1)
            #expect(Set(all.map(\.webhookHeader)).count == 1)
            #expect(all.first?.deliveryReportPath.count == 48 && all.first?.webhookHeader.count == 64)
            let later = try await EndpointSecrets.loadOrCreate(storage)
            #expect(later == all.first, "kept, never made again")
        }
    }
}
