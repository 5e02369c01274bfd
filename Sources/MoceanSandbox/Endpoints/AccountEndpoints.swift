/// `GET /rest/2/account/balance`, `GET /rest/2/account/pricing` and `GET /rest/2/report/message`.
extension SandboxRouter {
    /// `{"status":0,"value":6.4448}`.
    func balance(_ request: GatewayRequest) async -> SandboxResponse {
        let value = await state.currentBalance
        return .wire(.object([("status", 0), ("value", .money(value))]), status: 200, format: request.format)
    }

    /// A default row and one for Malaysia (MCC 502), both at the configured price; `mocean-mcc` keeps the rows
    /// with that MCC.
    func pricing(_ request: GatewayRequest) async -> SandboxResponse {
        let rows = [("Default", "Default"), ("Malaysia", "502")]
        let wanted = request.parameters["mocean-mcc"].flatMap { $0.isEmpty ? nil : $0 }
        let destinations = rows.filter { wanted == nil || $0.1 == wanted }.map { country, mcc -> WireValue in
            .object([
                ("country", .string(country)), ("operator", "Default"), ("mcc", .string(mcc)), ("mnc", "Default"),
                ("price", .money(pricePerPart)), ("currency", .string(currency)),
            ])
        }
        return .wire(
            .object([("status", 0), ("destinations", .array(destinations))]), status: 200, format: request.format)
    }

    /// `message_status` 4 (pending) until the message counts as delivered, then 1; 5 for a msgid the sandbox
    /// does not know.
    func messageStatus(_ request: GatewayRequest) async -> SandboxResponse {
        guard let msgid = request.parameters["mocean-msgid"], !msgid.isEmpty else {
            return .gatewayError(GatewayStatus.unknownRequest, format: request.format, httpStatus: 400)
        }
        let message = await state.message(msgid)
        return .wire(
            .object([
                ("status", 0),
                ("message_status", .integer(message?.status.rawValue ?? 5)),
                ("msgid", .string(msgid)),
                ("credit_deducted", .money(message?.cost ?? .zero)),
            ]), status: 200, format: request.format)
    }
}
