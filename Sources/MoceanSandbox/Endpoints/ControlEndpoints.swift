import Foundation

/// The sandbox's own paths, beside MoceanAPI's: the messages it recorded, its counters, and the faults it
/// injects. No credentials and no faults apply to them.
extension SandboxRouter {
    func control(_ request: SandboxRequest) async -> SandboxResponse {
        switch (request.method, request.path) {
        case ("GET", "/sandbox/messages"):
            let messages = await state.recordedMessages
            return .wire(.array(messages.map(\.wireValue)), status: 200)
        case ("DELETE", "/sandbox/messages"):
            let cleared = await state.clearMessages()
            return .wire(.object([("cleared", .integer(cleared))]), status: 200)
        case ("GET", "/sandbox/stats"):
            return .wire(await state.stats, status: 200)
        case ("GET", "/sandbox/faults"):
            return .wire(await state.faultSettings.wireValue, status: 200)
        case ("POST", "/sandbox/faults"):
            do throws(SandboxConfigurationError) {
                let settings = try await state.update(FaultUpdate.parse(request.body))
                logger.info("fault settings changed: \(settings.wireValue.json)")
                return .wire(settings.wireValue, status: 200)
            } catch {
                return .wire(.object([("error", .string(error.description))]), status: 400)
            }
        case ("POST", "/sandbox/balance"):
            guard let value = Self.balanceValue(request.body) else {
                return .wire(
                    .object([("error", .string("give {\"value\": N}, a balance from 0 to 1000000000"))]), status: 400)
            }
            await state.setBalance(Money(value))
            logger.info("balance set to \(Money(value).description)")
            return .wire(.object([("value", .money(await state.currentBalance))]), status: 200)
        default:
            var response = SandboxResponse.gatewayError(GatewayStatus.unknownRequest, format: .json, httpStatus: 405)
            let allowed = [
                "/sandbox/messages": "GET, DELETE", "/sandbox/faults": "GET, POST", "/sandbox/balance": "POST",
            ]
            response.headers = [("Allow", allowed[request.path] ?? "GET")]
            return response
        }
    }

    /// The store's counters and its faults on demand (`POST /sandbox/store/faults {"count": N, "status": S}`).
    func storeControl(_ request: SandboxRequest) async -> SandboxResponse {
        guard let store else {
            return .wire(
                .object([("error", .string("the sandbox plays no store: start it with --store-hash"))]), status: 404)
        }
        switch (request.method, request.path) {
        case ("GET", "/sandbox/store/stats"):
            return .wire(await store.stats, status: 200)
        case ("POST", "/sandbox/store/faults"):
            do throws(SandboxConfigurationError) {
                let faults = try StoreFaults.parse(request.body)
                logger.info("store faults: the next \(faults.count) requests answer \(faults.status)")
                return .wire(await store.setFaults(faults), status: 200)
            } catch {
                return .wire(.object([("error", .string(error.description))]), status: 400)
            }
        default:
            var response = SandboxResponse.json(#"{"error":"method not allowed"}"#, status: 405)
            response.headers = [("Allow", request.path == "/sandbox/store/faults" ? "POST" : "GET")]
            return response
        }
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
