/// The delivery reports one accepted send owes: after the delay, its messages count as delivered and, when
/// the send asked for reports, each receiver's report is posted to `url`.
struct DeliveryReportJob: Sendable {
    var sender: String
    var messages: [(msgid: String, receiver: String)]
    /// `mocean-dlr-url`, or nil when the send asked for no reports.
    var url: String?
}

/// Hands jobs from the request handlers to the ``DeliveryReporter`` that the server runs.
struct DeliveryReportQueue: Sendable {
    let jobs: AsyncStream<DeliveryReportJob>
    private let continuation: AsyncStream<DeliveryReportJob>.Continuation

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: DeliveryReportJob.self)
    }

    func enqueue(_ job: DeliveryReportJob) {
        continuation.yield(job)
    }
}
