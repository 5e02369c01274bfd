import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The thread that drives all of a client's transfers through one curl multi handle.
///
/// Tasks hand transfers over through a locked queue and wake the thread with `curl_multi_wakeup`; everything
/// else (the multi handle, the transfers while in flight) belongs to the thread alone.
final class CurlEngine: Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        /// Held strongly: an identifier alone could name a later transfer at the same address.
        var cancelled: [CurlTransfer] = []
        var stopping = false
    }

    let configuration: CurlHTTPClient.Configuration
    private let inbox = Mutex(Inbox())
    private let multi: MultiHandle

    /// The multi handle, shared with the engine's thread only.
    private final class MultiHandle: @unchecked Sendable {
        // @unchecked: the pointer is used by the engine's thread, and by `curl_multi_wakeup`, which libcurl
        // documents as callable from any thread.
        let pointer: UnsafeMutableRawPointer
        init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
    }

    init(configuration: CurlHTTPClient.Configuration) {
        Self.initializeLibrary
        self.configuration = configuration
        let pointer = curl_multi_init()!
        ccurl_multi_setopt_long(pointer, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnectionsPerHost)
        ccurl_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, configuration.connectionCacheSize)
        multi = MultiHandle(pointer)
        let engine = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                let engine = Unmanaged<CurlEngine>.fromOpaque(context!).takeRetainedValue()
                engine.run()
                return nil
            }, engine.toOpaque())
        precondition(result == 0, "cannot start the HTTP client's thread: pthread_create returned \(result)")
        pthread_detach(thread)
    }

    deinit {
        curl_multi_cleanup(multi.pointer)
    }

    /// `curl_global_init` once per process, before any other curl call.
    private static let initializeLibrary: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.submitted.append(transfer)
            return true
        }
        guard accepted else {
            transfer.finish(.failure(HTTPTransportError(kind: .shutDown, detail: "the HTTP client was shut down")))
            return
        }
        curl_multi_wakeup(multi.pointer)
    }

    func cancel(_ transfer: CurlTransfer) {
        transfer.markCancelled()
        inbox.withLock { $0.cancelled.append(transfer) }
        curl_multi_wakeup(multi.pointer)
    }

    func shutdown() {
        let wasStopping = inbox.withLock { inbox in
            defer { inbox.stopping = true }
            return inbox.stopping
        }
        if !wasStopping { curl_multi_wakeup(multi.pointer) }
    }

    /// The thread's loop: take in new transfers and cancellations, let curl work, hand out finished ones.
    private func run() {
        var active: [ObjectIdentifier: CurlTransfer] = [:]
        while true {
            let (submitted, cancelled, stopping) = inbox.withLock { inbox in
                defer {
                    inbox.submitted = []
                    inbox.cancelled = []
                }
                return (inbox.submitted, inbox.cancelled, inbox.stopping)
            }
            for transfer in submitted {
                if transfer.isCancelled {
                    // Cancelled before it got here: never start it.
                    transfer.finish(.failure(CancellationError()))
                } else if curl_multi_add_handle(multi.pointer, transfer.handle) != CURLM_OK {
                    transfer.finish(
                        .failure(HTTPTransportError(kind: .invalidRequest, detail: "curl refused the transfer")))
                } else {
                    active[ObjectIdentifier(transfer)] = transfer
                }
            }
            for transfer in cancelled {
                guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else { continue }
                curl_multi_remove_handle(multi.pointer, transfer.handle)
                transfer.finish(.failure(CancellationError()))
            }
            if stopping {
                for transfer in active.values {
                    curl_multi_remove_handle(multi.pointer, transfer.handle)
                    transfer.finish(
                        .failure(HTTPTransportError(kind: .shutDown, detail: "the HTTP client was shut down")))
                }
                // The multi handle itself is freed in deinit: callers may still wake it until they let go.
                return
            }
            var running: Int32 = 0
            curl_multi_perform(multi.pointer, &running)
            collectFinished(&active)
            var ready: Int32 = 0
            curl_multi_poll(multi.pointer, nil, 0, 1000, &ready)
        }
    }

    private func collectFinished(_ active: inout [ObjectIdentifier: CurlTransfer]) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi.pointer, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi.pointer, handle)
            // Found by its handle among the active transfers, so only a transfer of ours is ever touched.
            guard let transfer = active.values.first(where: { $0.handle == handle }) else { continue }
            let outcome = transfer.outcome(of: code)
            active.removeValue(forKey: ObjectIdentifier(transfer))
            transfer.finish(outcome)
        }
    }
}
