import BigCommerceAPI
import Foundation
import MoceanAPI

extension Doctor {
    /// One store: its gateway account and balance, its sender and admin numbers, its connection to BigCommerce
    /// (token, scopes) and its webhooks.
    func examine(_ record: StoreRecord) async -> [DoctorFinding] {
        let store = record.storeID
        let subject = "store \(store.rawValue)" + (record.storeHash.map { " (\($0))" } ?? "")
        let named = store == .first ? "" : ", \"store\": \(store.rawValue)"
        var findings = await account(of: store, subject: subject, named: named)
        findings += await connection(of: record, subject: subject, named: named)
        return findings
    }

    private func account(of store: StoreID, subject: String, named: String) async -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let settings: AccountSettings
        do {
            settings = try await services.account.settings(of: store)
        } catch {
            return [DoctorFinding(.problem, subject, "its account settings cannot be read: \(error)")]
        }
        if settings.sender == nil {
            findings.append(
                DoctorFinding(
                    .problem, subject, "no sender (\"Message From\") is set: nothing can be sent",
                    fix: "mocean-notify call account.set '{\"sender\": \"MyShop\"\(named)}'"))
        }
        do {
            // Asked of the account, not through the balance watch: the doctor raises no alert and queues nothing.
            let balance = try await services.account.balance(of: store)
            findings.append(
                DoctorFinding(.ok, subject, "the gateway takes its credentials; balance \(balance.display)"))
            if let alert = try await services.balanceWatch.alert(of: store), alert.isBelow(balance) == true {
                findings.append(
                    DoctorFinding(
                        .warning, subject, "the balance is below its low-balance alert (\(alert.below))",
                        fix: "top up the MoceanAPI account"))
            }
        } catch AccountError.notConfigured {
            findings.append(
                DoctorFinding(
                    .problem, subject, "no gateway credentials are set: nothing can be sent",
                    fix: "mocean-notify call account.set '{\"apiToken\": \"…\"\(named)}' (or apiKey and apiSecret)"))
        } catch AccountError.gateway(let error) where error.kind == .authorization {
            findings.append(
                DoctorFinding(
                    .problem, subject, "the gateway refuses its credentials: \(error.message)",
                    fix: "set the API token (or key and secret) shown on the MoceanAPI dashboard with account.set"))
        } catch AccountError.gateway(let error) where error.isTransient {
            findings.append(
                DoctorFinding(
                    .warning, subject, "the gateway cannot be asked now: \(error.message)",
                    fix: "check the network to \(settings.gatewayURL); SMS wait in the queue meanwhile"))
        } catch {
            findings.append(DoctorFinding(.problem, subject, "the gateway did not give the balance: \(error)"))
        }
        do {
            let admins = try await services.notifications.settings(for: .admin, of: store)
            let refused = try await services.notifications.refusedAdminNumbers(of: store)
            if admins.events.contains(where: \.enabled), admins.adminNumbers.isEmpty {
                findings.append(
                    DoctorFinding(
                        .warning, subject, "admin SMS are on but no admin number is set: admins get nothing",
                        fix: "mocean-notify call notifications.configure '{\"audience\": \"admin\", "
                            + "\"adminNumbers\": \"60123456789\"\(named)}'"))
            }
            for number in refused {
                findings.append(
                    DoctorFinding(
                        .warning, subject, "the admin number \(number.typed) gets no SMS: \(number.reason)",
                        fix: "correct it with notifications.configure, or change adminCountry with account.set"))
            }
        } catch {
            findings.append(DoctorFinding(.problem, subject, "its notification settings cannot be read: \(error)"))
        }
        return findings
    }

    private func connection(of record: StoreRecord, subject: String, named: String) async -> [DoctorFinding] {
        let store = record.storeID
        let client: BigCommerceClient?
        do {
            client = try await services.store.client(of: store)
        } catch {
            return [DoctorFinding(.problem, subject, "its store connection cannot be read: \(error)")]
        }
        guard let client else {
            return [
                DoctorFinding(
                    .warning, subject,
                    "not connected to a BigCommerce store: its events come only through events.ingest",
                    fix: "install the app from the store, or mocean-notify call store.set '{\"storeHash\": …, "
                        + "\"accessToken\": …\(named)}'")
            ]
        }
        do {
            _ = try await client.get("/v2/store")
        } catch let error where error.kind == .unauthorized {
            return [
                DoctorFinding(
                    .problem, subject, "the store refuses its access token (\(error)): no look-ups, no webhooks",
                    fix: record.installedAt == nil
                        ? "give a valid token with store.set '{\"accessToken\": …\(named)}'"
                        : "reinstall the app from the store's control panel (Apps › My Apps)")
            ]
        } catch {
            return [
                DoctorFinding(
                    .warning, subject, "the store cannot be asked now: \(error)",
                    fix: "check the network to the store's API; events wait as rows meanwhile")
            ]
        }
        var findings = [DoctorFinding(.ok, subject, "the store takes its access token")]
        findings += scopes(of: record, subject: subject)
        findings += await webhooks(of: store, subject: subject, named: named)
        return findings
    }

    /// The scopes the install granted against those the app needs; nothing for a store connected by hand, whose
    /// token's scopes are not known.
    private func scopes(of record: StoreRecord, subject: String) -> [DoctorFinding] {
        guard let granted = record.scopes.map({ Set($0.split(separator: " ").map(String.init)) }) else { return [] }
        let missing = Self.neededScopes.filter { needed in
            !granted.contains(needed.scope)
                && !granted.contains(String(needed.scope.replacing("_read_only", with: "")))
        }
        guard !missing.isEmpty else {
            return [DoctorFinding(.ok, subject, "the install granted every scope the app needs")]
        }
        return missing.map { needed in
            DoctorFinding(
                .problem, subject, "the install did not grant \(needed.scope) (\(needed.purpose))",
                fix: "add the scope to the app in the Developer Portal, then have the merchant approve it again")
        }
    }

    private func webhooks(of store: StoreID, subject: String, named: String) async -> [DoctorFinding] {
        guard let destination = services.options.webhookURL else {
            return [
                DoctorFinding(
                    .warning, subject, "its webhooks cannot be checked without a public URL",
                    fix: "start with --public-url")
            ]
        }
        let states: [WebhookState]
        do {
            states = try await services.store.webhooks(of: store, destination: destination)
        } catch {
            return [DoctorFinding(.warning, subject, "its webhooks cannot be listed now: \(error)")]
        }
        let wrong = states.filter { $0.state != .active }
        guard !wrong.isEmpty else {
            return [DoctorFinding(.ok, subject, "its nine webhooks are active and point at \(destination)")]
        }
        let missing = wrong.filter { $0.state == .missing }.map(\.scope)
        let inactive = wrong.filter { $0.state == .inactive }.map(\.scope)
        var words: [String] = []
        if !missing.isEmpty { words.append("missing: " + missing.joined(separator: ", ")) }
        if !inactive.isEmpty {
            words.append("deactivated (the store gave up after failed deliveries): " + inactive.joined(separator: ", "))
        }
        return [
            DoctorFinding(
                .problem, subject, "webhooks to \(destination) " + words.joined(separator: "; "),
                fix: "mocean-notify call store.registerWebhooks"
                    + (named.isEmpty ? "" : " '{\(named.dropFirst(2))}'") + " (creates and re-enables them)")
        ]
    }
}
