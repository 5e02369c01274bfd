import BigCommerceAPI
import Foundation
import HTTPClient
import JSONCore

/// `mocean-notify doctor`: one look at everything the service needs, each finding with what to do about it. The
/// database (integrity, size, journal, writes), the public URL as the store would call it, and each installed
/// store: its gateway account and balance, its sender and admin numbers, its store token and scopes, and its nine
/// webhooks. Changes nothing, sends nothing.
public struct Doctor: Sendable {
    let services: NotifierServices
    /// The HTTP client the public URL is called with, as the store would call it.
    let transport: any HTTPTransport
    /// Whether the service runs with a token (`--token`, `--token-file`).
    let tokenConfigured: Bool

    /// The scopes the app needs of a store, and what each is for; a full scope (`store_v2_orders`) covers its
    /// read-only form.
    public static let neededScopes: [(scope: String, purpose: String)] = [
        ("store_v2_orders_read_only", "orders, their shipments and messages: the SMS's order details"),
        ("store_v2_customers_read_only", "customers: their phones, and the broadcast's directory"),
        ("store_v2_information_read_only", "the store's name, country and time zone"),
        ("store_cart_read_only", "abandoned carts"),
    ]

    /// - Parameter tokenConfigured: whether the service runs with a token.
    public init(services: NotifierServices, transport: any HTTPTransport, tokenConfigured: Bool) {
        self.services = services
        self.transport = transport
        self.tokenConfigured = tokenConfigured
    }

    /// Looks at everything, in order: the configuration, the database, the public URL, then each store the service
    /// serves.
    public func examine() async -> DoctorReport {
        var report = DoctorReport()
        report.findings += await configuration()
        report.findings += await database()
        report.findings += await publicURL()
        do {
            var after: StoreID?
            while true {
                let page = try await services.stores.page(after: after, limit: 100, state: .active)
                for store in page { report.findings += await examine(store) }
                guard page.count == 100, let last = page.last else { break }
                after = StoreID(rawValue: last.id)
            }
        } catch {
            report.findings.append(DoctorFinding(.problem, "stores", "the stores cannot be read: \(error)"))
        }
        return report
    }

    // MARK: The configuration

    func configuration() async -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        if tokenConfigured {
            findings.append(DoctorFinding(.ok, "configuration", "a token is set: /rpc, TCP and the console ask for it"))
        } else if services.options.publicURL != nil {
            findings.append(
                DoctorFinding(
                    .warning, "configuration",
                    "no token is set: /rpc, TCP and the console answer this machine only, so no admin can use them "
                        + "through the public URL",
                    fix: "start with --token-file FILE (a long random token on its first line)"))
        } else {
            findings.append(
                DoctorFinding(
                    .ok, "configuration", "no token is set: /rpc, TCP and the console answer this machine only"))
        }
        do {
            let app = try await services.storages.appSettings.load()
            let installed = try await services.stores.all().filter { $0.installedAt != nil && $0.state == .active }
            if let app, app.isConfigured {
                findings.append(
                    DoctorFinding(.ok, "configuration", "the BigCommerce app is set (client id \(app.clientID ?? ""))"))
                if services.options.publicURL == nil {
                    findings.append(
                        DoctorFinding(
                            .problem, "configuration",
                            "the BigCommerce app is set but there is no public URL: stores cannot reach its callbacks",
                            fix: "start with --public-url, and give the app's callback URLs under it"))
                }
            } else if !installed.isEmpty {
                findings.append(
                    DoctorFinding(
                        .problem, "configuration",
                        "\(installed.count) store\(installed.count == 1 ? "" : "s") installed the app, but its client id "
                            + "and secret are not set: loads and uninstalls are refused",
                        fix: "mocean-notify call app.set '{\"clientId\": …, \"clientSecret\": …}'"))
            }
        } catch {
            findings.append(DoctorFinding(.problem, "configuration", "the app's settings cannot be read: \(error)"))
        }
        return findings
    }

    // MARK: The database

    func database() async -> [DoctorFinding] {
        let inspection: DatabaseInspection
        do {
            inspection = try await services.storages.inspect()
        } catch {
            return [DoctorFinding(.problem, "database", "cannot be read: \(error)", fix: Self.databaseFix)]
        }
        var findings: [DoctorFinding] = []
        let size = ByteCountFormatter.string(fromByteCount: inspection.bytes, countStyle: .file)
        let journal = inspection.journalMode.map { ", journal \($0)" } ?? ""
        findings.append(
            DoctorFinding(
                .ok, "database",
                "\(inspection.engine) at \(inspection.location): \(size)\(journal), schema \(inspection.schema ?? "none")"
            ))
        switch inspection.integrityProblems {
        case nil: break
        case let problems? where problems.isEmpty:
            findings.append(DoctorFinding(.ok, "database", "integrity check: ok"))
        case let problems?:
            findings.append(
                DoctorFinding(
                    .problem, "database", "the integrity check found: \(problems.joined(separator: "; "))",
                    fix: "stop the service, restore the last backup (mocean-notify backup makes one), or "
                        + "`sqlite3 FILE .recover` into a new file"))
        }
        if let mode = inspection.journalMode, mode.lowercased() != "wal" {
            findings.append(
                DoctorFinding(
                    .warning, "database",
                    "the journal is \(mode), not wal: writers wait for readers (the service sets wal when it opens "
                        + "the file; another program changed it, or the file system does not allow it)"))
        }
        if !inspection.writable {
            findings.append(
                DoctorFinding(
                    .problem, "database", "takes no writes: webhooks cannot be stored nor SMS recorded",
                    fix: Self.databaseFix))
        }
        return findings
    }

    private static let databaseFix =
        "check the file's permissions and free disk space (SQLite), or that the server is the primary (PostgreSQL)"

    // MARK: The public URL

    func publicURL() async -> [DoctorFinding] {
        guard let base = services.options.publicURL else {
            return [
                DoctorFinding(
                    .warning, "public URL",
                    "none is set: stores cannot send their webhooks, nor the gateway its delivery reports",
                    fix: "start with --public-url https://notify.example.com (the address the store reaches)")
            ]
        }
        var findings: [DoctorFinding] = []
        if let components = URLComponents(string: base),
            components.scheme?.lowercased() != "https" || (components.port.map { $0 != 443 } ?? false)
        {
            findings.append(
                DoctorFinding(
                    .warning, "public URL",
                    "\(base) is not https on port 443: BigCommerce delivers webhooks only there",
                    fix: "put a TLS-terminating proxy on 443 in front of --http, and give its address"))
        }
        let url = NotifierServices.Options.joined(base, "/livez")
        do {
            let answer = try await transport.perform(HTTPRequest(method: .get, url: url, timeout: .seconds(10)))
            let body = try? JSONParser.parse(answer.body)
            if answer.status == 200, body?["status"] == "alive" {
                findings.append(DoctorFinding(.ok, "public URL", "\(url) answers as this service does"))
            } else {
                findings.append(
                    DoctorFinding(
                        .problem, "public URL", "\(url) answers \(answer.status), not this service's /livez",
                        fix: "point the public URL (and its proxy) at this service's --http address"))
            }
        } catch {
            findings.append(
                DoctorFinding(
                    .problem, "public URL", "\(url) cannot be reached: \(error)",
                    fix: "start the service with --http and make its public address reach it (DNS, proxy, firewall)"
                ))
        }
        return findings
    }
}
