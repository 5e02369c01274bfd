/// Every store the sandbox plays, by hash: the configured store from the start, and each store the app is
/// installed on through `POST /sandbox/apps/install`.
///
/// It is the gate of `/stores/{hash}/...`: a request passes only with the token issued to the store its path
/// names, then through that store's injected faults and quota.
actor StoreDirectory {
    /// The gate's verdict on one request.
    enum Admission: Sendable {
        /// Answered here: a wrong token or store, an injected fault, or the quota spent.
        case refused(SandboxResponse)
        /// Let through to the store's resource; its answer carries these quota headers.
        case admitted(StoreAccess, headers: [(String, String)])
    }

    /// The most stores the sandbox holds, so that no input exhausts its memory.
    static let maximumStores = 100_000

    /// The store `--store-hash` names: the default of every control path that takes a store.
    let configuredHash: String
    private var stores: [String: StoreRecord] = [:]
    /// Which store each valid token opens.
    private var storeByToken: [String: String] = [:]
    /// Requests per 30 s of every store; nil for no quota.
    private let quota: Int?
    /// The first id of the orders created through the sandbox, past the catalogue's.
    private let firstOrderId: Int

    /// A directory holding the configured store, installed with its configured token.
    init(configured settings: SandboxConfiguration.StoreSettings, firstOrderId: Int) {
        configuredHash = settings.hash
        quota = settings.quota
        self.firstOrderId = firstOrderId
        stores[settings.hash] = StoreRecord(
            hash: settings.hash, token: settings.token, owner: .defaultOwner(of: settings.hash), installedBy: nil,
            gate: StoreGate(quota: settings.quota),
            webhooks: WebhookRegistry(storeHash: settings.hash, firstOrderId: firstOrderId))
        storeByToken[settings.token] = settings.hash
    }

    // MARK: The gate

    /// Counts the request on the store it concerns and decides whether its resource may answer.
    ///
    /// A known store counts every request its path names and admits only its own token (another store's
    /// token is 401). An unknown store is 404 `Store not found` to a caller holding a valid token, counted on
    /// that token's store, and 401 to anyone else.
    func admit(_ request: SandboxRequest) -> Admission {
        let hash = Self.storeHash(ofPath: request.path)
        guard let hash, var store = stores[hash] else {
            if let token = request.authToken, let owner = storeByToken[token] {
                stores[owner]?.gate.count()
                return .refused(StoreGate.storeNotFound)
            }
            return .refused(StoreGate.unauthorized)
        }
        store.gate.count()
        defer { stores[store.hash] = store }
        guard let token = store.token, request.authToken == token else {
            return .refused(StoreGate.unauthorized)
        }
        switch store.gate.admit() {
        case .refused(let response): return .refused(response)
        case .admitted(let headers): return .admitted(access(store), headers: headers)
        }
    }

    /// What a request let through to `store` may use. The configured store keeps the catalogue's own name.
    private func access(_ store: StoreRecord) -> StoreAccess {
        StoreAccess(
            hash: store.hash, webhooks: store.webhooks, clientId: store.installedBy ?? Webhook.clientId,
            name: store.hash == configuredHash ? StoreCatalog.name : "Sandbox store \(store.hash)")
    }

    /// A store path or method the sandbox does not serve: the gate, then BigCommerce's 404.
    func unknownResource(_ request: SandboxRequest) -> SandboxResponse {
        switch admit(request) {
        case .refused(let response):
            return response
        case .admitted(_, let headers):
            var response = StoreGate.notFound
            response.headers += headers
            return response
        }
    }

    /// The hash of `/stores/{hash}/...`.
    private static func storeHash(ofPath path: String) -> String? {
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].isEmpty, parts[1] == "stores", !parts[2].isEmpty else { return nil }
        return String(parts[2].prefix(while: { $0 != "/" }))
    }

    // MARK: The sandbox's control paths

    /// The store `hash` names (the configured one when nil), if the sandbox plays it.
    func store(_ hash: String?) -> StoreRecord? {
        stores[hash ?? configuredHash]
    }

    /// Sets the injected faults of store `hash` (the configured one when nil); its counters, or nil when there
    /// is no such store.
    func setFaults(_ faults: StoreFaults, of hash: String?) -> WireValue? {
        let hash = hash ?? configuredHash
        guard stores[hash] != nil else { return nil }
        stores[hash]?.gate.setFaults(faults)
        return stores[hash]?.gate.stats
    }

    /// Every store, by hash, as `GET /sandbox/stores` lists them.
    var list: WireValue {
        .array(stores.keys.sorted().compactMap { stores[$0]?.wireValue })
    }

    // MARK: Install and uninstall

    /// Readies store `hash` for an install by `user`, who becomes its owner (when nil, the owner stays, or is
    /// the default owner of a new store); a new store is created, its hash checked. Answers the owner.
    ///
    /// - Throws: ``ControlInputError`` for a hash the sandbox cannot create, or when it holds as many stores as
    ///   it can.
    func prepareInstall(of hash: String, by user: AppUser?) throws(ControlInputError) -> AppUser {
        if stores[hash] == nil {
            guard StoreHash.isNewHash(hash) else {
                throw ControlInputError(field: "store", "\"store\" must be a store hash: \(StoreHash.rule)")
            }
            guard stores.count < Self.maximumStores else {
                throw ControlInputError(
                    field: "store", "the sandbox holds \(Self.maximumStores) stores already", status: 409)
            }
            stores[hash] = StoreRecord(
                hash: hash, token: nil, owner: user ?? .defaultOwner(of: hash), installedBy: nil,
                gate: StoreGate(quota: quota), webhooks: WebhookRegistry(storeHash: hash, firstOrderId: firstOrderId))
        }
        if let user { stores[hash]?.owner = user }
        return stores[hash]?.owner ?? user ?? .defaultOwner(of: hash)
    }

    /// Issues a fresh token for store `hash` on behalf of app `clientId`, replacing (and so revoking) the one
    /// it had; answers it with the store's owner, or nil when there is no such store.
    func issueToken(for hash: String, clientId: String) -> (token: String, owner: AppUser)? {
        guard var store = stores[hash] else { return nil }
        if let old = store.token { storeByToken[old] = nil }
        let token = RandomText.alphanumeric(count: 31)
        store.token = token
        store.installedBy = clientId
        store.uninstalled = false
        stores[hash] = store
        storeByToken[token] = hash
        return (token, store.owner)
    }

    /// Uninstalls the app from store `hash`: its token stops working. Answers the store's hooks, which the
    /// caller deletes, or nil when there is no such store.
    func uninstall(_ hash: String) -> WebhookRegistry? {
        guard var store = stores[hash] else { return nil }
        if let old = store.token { storeByToken[old] = nil }
        store.token = nil
        store.uninstalled = true
        stores[hash] = store
        return store.webhooks
    }
}
