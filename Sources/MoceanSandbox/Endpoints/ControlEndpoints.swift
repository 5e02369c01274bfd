import Foundation
import Hummingbird

/// The sandbox's own paths, beside MoceanAPI's: the messages it recorded, its counters, the faults it
/// injects, and a store's counters and faults (the configured store's unless named). No credentials and no
/// faults apply to them.
extension SandboxRouter {
    func addControlRoutes(to router: Router<SandboxRequestContext>) {
        router.route(
            "/sandbox/messages",
            [
                (.get, { _ in .wire(.array(await state.recordedMessages.map(\.wireValue)), status: 200) }),
                (.delete, { _ in .wire(.object([("cleared", .integer(await state.clearMessages()))]), status: 200) }),
            ], otherwise: Self.controlRefusal)
        router.route(
            "/sandbox/stats", [(.get, { _ in .wire(await state.stats, status: 200) })], otherwise: Self.controlRefusal)
        router.route(
            "/sandbox/faults",
            [
                (.get, { _ in .wire(await state.faultSettings.wireValue, status: 200) }),
                (.post, { await updateFaults($0) }),
            ], otherwise: Self.controlRefusal)
        router.route("/sandbox/balance", [(.post, { await setBalance($0) })], otherwise: Self.controlRefusal)
        router.route(
            "/sandbox/store/stats", [(.get, { await storeStats($0) })], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/stores", [(.get, { _ in .wire(.object([("stores", await stores.list)]), status: 200) })],
            otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/store/faults", [(.post, { await setStoreFaults($0) })], otherwise: Self.storeControlRefusal)
    }

    /// `POST /sandbox/faults`: a ``FaultUpdate``.
    private func updateFaults(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(SandboxConfigurationError) {
            let settings = try await state.update(FaultUpdate.parse(request.body))
            logger.info("fault settings changed: \(settings.wireValue.json)")
            return .wire(settings.wireValue, status: 200)
        } catch {
            return .wire(.object([("error", .string(error.description))]), status: 400)
        }
    }

    /// `POST /sandbox/balance {"value": N}`.
    private func setBalance(_ request: SandboxRequest) async -> SandboxResponse {
        guard let value = Self.balanceValue(request.body) else {
            return .wire(
                .object([("error", .string("give {\"value\": N}, a balance from 0 to 1000000000"))]), status: 400)
        }
        await state.setBalance(Money(value))
        logger.info("balance set to \(Money(value).description)")
        return .wire(.object([("value", .money(await state.currentBalance))]), status: 200)
    }

    /// `POST /sandbox/store/faults {"count": N, "status": S, "store"?: "hash"}`.
    private func setStoreFaults(_ request: SandboxRequest) async -> SandboxResponse {
        let faults: StoreFaults
        let hash: String?
        do throws(SandboxConfigurationError) {
            (faults, hash) = try StoreFaults.parse(request.body)
        } catch {
            return .wire(.object([("error", .string(error.description))]), status: 400)
        }
        guard let stats = await stores.setFaults(faults, of: hash) else {
            return ControlInputError(field: "store", "no store \(hash ?? "") here", status: 404).response
        }
        logger.info(
            "store \(hash ?? stores.configuredHash) faults: the next \(faults.count) requests answer \(faults.status)")
        return .wire(stats, status: 200)
    }

    /// `GET /sandbox/store/stats[?store=hash]`: the store's request counters and faults left.
    private func storeStats(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            return .wire(try await knownStore(queryStore(request)).gate.stats, status: 200)
        } catch {
            return error.response
        }
    }

    /// 405 with MoceanAPI's "unknown request" error, as JSON.
    @Sendable static func controlRefusal(_ request: SandboxRequest, allowed: String) -> SandboxResponse {
        var response = SandboxResponse.gatewayError(GatewayStatus.unknownRequest, format: .json, httpStatus: 405)
        response.headers = [("Allow", allowed)]
        return response
    }

    /// 405 with `{"error":"method not allowed"}`.
    @Sendable static func storeControlRefusal(_ request: SandboxRequest, allowed: String) -> SandboxResponse {
        var response = SandboxResponse.json(#"{"error":"method not allowed"}"#, status: 405)
        response.headers = [("Allow", allowed)]
        return response
    }

    /// The `value` of a `{"value": N}` body, when it is a balance the sandbox accepts.
    private static func balanceValue(_ body: [UInt8]) -> Double? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let number = object["value"] as? NSNumber, object.count == 1
        else { return nil }
        let value = number.doubleValue
        return value.isFinite && (0...1_000_000_000).contains(value) ? value : nil
    }
}
