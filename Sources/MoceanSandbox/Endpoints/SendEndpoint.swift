/// `POST /rest/2/sms`: checks the send, charges it, records one message per valid receiver, and queues the
/// delivery reports.
extension SandboxRouter {
    /// The most receivers one send may carry.
    static let maximumReceivers = 100

    func send(_ request: GatewayRequest) async -> SandboxResponse {
        let parameters = request.parameters
        let format = request.format
        let sender = parameters["mocean-from"] ?? ""
        guard Self.isValidSender(sender) else {
            return .gatewayError(GatewayStatus.invalidSenderLength, format: format)
        }
        let receivers = (parameters["mocean-to"] ?? "").split(separator: ",").map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty }
        guard !receivers.isEmpty else { return .gatewayError(GatewayStatus.noDestination, format: format) }
        guard let text = parameters["mocean-text"], !text.isEmpty else {
            return .gatewayError(GatewayStatus.emptyText, format: format)
        }
        guard receivers.count <= Self.maximumReceivers else {
            return .gatewayError(GatewayStatus.tooManyReceivers, format: format)
        }
        var coding: Int?
        if let given = parameters["mocean-coding"] {
            guard let number = Int(given), (1...3).contains(number) else {
                return .gatewayError(GatewayStatus.invalidCharsetOrBody, format: format)
            }
            coding = number
        }
        let dlrMask = parameters["mocean-dlr-mask"]
        let dlrURL = parameters["mocean-dlr-url"].flatMap { $0.isEmpty ? nil : $0 }
        let submission = SandboxState.Submission(
            sender: sender, receivers: receivers.filter(Self.isValidReceiver), text: text, coding: coding,
            length: MessageLength(text: text, coding: coding), charset: parameters["mocean-charset"],
            dlrMask: dlrMask, dlrURL: dlrURL, validity: parameters["mocean-validity"],
            flash: parameters["mocean-mclass"] == "1" && parameters["mocean-alt-dcs"] == "1",
            medium: parameters["mocean-medium"], authentication: request.authentication, apiKey: request.apiKey)
        guard let accepted = await state.accept(submission) else {
            logger.debug("refusing a send: the balance does not cover it")
            return .gatewayError(GatewayStatus.insufficientBalance, format: format)
        }
        var remaining = accepted[...]
        let elements = receivers.map { receiver -> WireValue in
            guard Self.isValidReceiver(receiver), let message = remaining.popFirst() else {
                return .object([
                    ("status", .integer(GatewayStatus.invalidDestination)), ("receiver", .string(receiver)),
                    ("err_msg", .string(GatewayStatus.text(GatewayStatus.invalidDestination))),
                ])
            }
            return .object([("status", 0), ("receiver", .string(receiver)), ("msgid", .string(message.msgid))])
        }
        if !accepted.isEmpty {
            logger.info(
                "accepted \(accepted.count) message(s) of \(submission.length.parts) part(s) from \(sender)",
                metadata: ["auth": .string(request.authentication.rawValue)])
            let reportsWanted = dlrURL != nil && (dlrMask == nil || dlrMask == "1")
            deliveryReports.enqueue(
                DeliveryReportJob(
                    sender: sender, messages: accepted.map { ($0.msgid, $0.receiver) },
                    url: reportsWanted ? dlrURL : nil))
        }
        return .wire(.object([("messages", .array(elements))]), status: 202, format: format)
    }

    /// A sender ID of 1 to 15 digits, or of 1 to 11 other characters.
    static func isValidSender(_ sender: String) -> Bool {
        guard !sender.isEmpty else { return false }
        let numeric = sender.allSatisfy { $0.isASCII && $0.isNumber }
        return sender.count <= (numeric ? 15 : 11)
    }

    /// 7 to 15 digits with the country code: no `+`, no leading 0.
    static func isValidReceiver(_ receiver: String) -> Bool {
        (7...15).contains(receiver.count) && receiver.allSatisfy { $0.isASCII && $0.isNumber }
            && !receiver.hasPrefix("0")
    }
}
