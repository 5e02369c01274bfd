import Hummingbird
import Logging
import Notifier

/// `POST /webhooks/mocean/dlr/{secret}`: MoceanAPI's delivery report, form fields `mocean-msgid`,
/// `mocean-dlr-status` (1 delivered, 2 failed, 3 expired) and `mocean-error-code`. MoceanAPI does not sign
/// its reports, so the path's secret (made at first start, sent to the gateway with each SMS) is the proof.
/// A report for no SMS we know, or for one already settled, is a 200 that changes nothing.
struct DeliveryReportRoute: Sendable {
    let reports: DeliveryReports
    let pathSecret: String
    let maximumBodyBytes: Int
    let counters: HTTPFrontCounters

    /// The form MoceanAPI posts.
    struct Form: Decodable {
        let messageID: String?
        let status: String?
        let errorCode: String?

        enum CodingKeys: String, CodingKey {
            case messageID = "mocean-msgid"
            case status = "mocean-dlr-status"
            case errorCode = "mocean-error-code"
        }
    }

    struct Answer: Encodable {
        /// `applied`, `unchanged` or `unknownMessage`.
        let outcome: String
        let state: String?
    }

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let secret = context.parameters.get("secret"), SecretComparison.equal(secret, pathSecret) else {
            counters.reportsRefused.increment()
            // The same answer as for a path that does not exist: nothing tells a guess it came close.
            throw HTTPFailure(.notFound, "notFound", "no endpoint at \(request.method) /webhooks/mocean/dlr/…")
        }
        try request.requireContentType("application/x-www-form-urlencoded")
        let body = try await request.collectBody(limit: maximumBodyBytes)
        let report = try Self.report(String(buffer: body))
        let outcome = try await reports.apply(report)
        let answer: Answer
        switch outcome {
        case .applied(_, let state):
            counters.reportsApplied.increment()
            answer = Answer(outcome: "applied", state: state.rawValue)
        case .unchanged(let id, let state):
            counters.reportsUnchanged.increment()
            context.logger.info("delivery report for SMS \(id), already \(state.rawValue): left as it is")
            answer = Answer(outcome: "unchanged", state: state.rawValue)
        case .unknownMessage:
            counters.reportsUnknown.increment()
            context.logger.notice("delivery report for an unknown message id \(report.messageID.prefix(64))")
            answer = Answer(outcome: "unknownMessage", state: nil)
        }
        return try JSONAnswer.make(answer)
    }

    /// The report in a form body.
    static func report(_ body: String) throws -> DeliveryReport {
        let form: Form
        do {
            form = try URLEncodedFormDecoder().decode(Form.self, from: body)
        } catch {
            throw HTTPFailure(.badRequest, "badForm", "the body is not a URL-encoded form: \(error)")
        }
        guard let messageID = form.messageID, !messageID.isEmpty else {
            throw HTTPFailure(.badRequest, "badReport", "mocean-msgid is missing: give the gateway's message id")
        }
        guard messageID.count <= 128 else {
            throw HTTPFailure(.badRequest, "badReport", "mocean-msgid is over 128 characters: not a gateway message id")
        }
        guard let status = form.status.flatMap({ Int($0) }).flatMap(DeliveryReport.Status.init(rawValue:)) else {
            throw HTTPFailure(
                .badRequest, "badReport",
                "mocean-dlr-status \"\((form.status ?? "absent").prefix(20))\" is not 1 (delivered), 2 (failed) or "
                    + "3 (expired)")
        }
        var errorCode: Int?
        if let text = form.errorCode, !text.isEmpty {
            guard let code = Int(text) else {
                throw HTTPFailure(
                    .badRequest, "badReport", "mocean-error-code \"\(text.prefix(20))\" is not a whole number")
            }
            errorCode = code
        }
        return DeliveryReport(messageID: messageID, status: status, errorCode: errorCode)
    }
}
