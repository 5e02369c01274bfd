/// BigCommerce's login service as the sandbox plays it: the registered app, the codes its installs issued,
/// and the token exchange that spends them.
actor LoginService {
    /// The app, once registered (at start or through `POST /sandbox/apps`).
    private(set) var app: RegisteredApp?
    /// The codes issued and not yet forgotten, by code.
    private var codes: [String: AuthorizationCode] = [:]
    /// How many of the next exchanges are refused whatever they carry (`POST /sandbox/apps/faults`).
    private var refusalsLeft = 0
    /// How long a code may wait for its exchange: 10 minutes at BigCommerce.
    let codeLifetime: Duration
    /// The most codes kept; the oldest is forgotten past it.
    static let maximumCodes = 100_000

    /// A login service knowing `app` (nil until one registers) whose codes last `codeLifetime`.
    init(app: RegisteredApp?, codeLifetime: Duration) {
        self.app = app
        self.codeLifetime = codeLifetime
    }

    /// Registers `app` in place of any other; the codes issued for the one before are forgotten.
    func register(_ app: RegisteredApp) {
        self.app = app
        codes = [:]
    }

    /// Refuses the next `count` exchanges; answers how many are left to refuse.
    func refuseNextExchanges(_ count: Int) -> Int {
        refusalsLeft = count
        return refusalsLeft
    }

    /// Issues a fresh code for an install of store `storeHash` by `user` approving `scope`.
    func issueCode(for storeHash: String, scope: String, user: AppUser) -> String {
        let now = ContinuousClock.now
        // Codes long past their lifetime are forgotten; a replay of one is then "never issued", still refused.
        let forgetBefore = now - codeLifetime * 2 - .seconds(60)
        codes = codes.filter { $0.value.issuedAt >= forgetBefore }
        if codes.count >= Self.maximumCodes, let oldest = codes.min(by: { $0.value.issuedAt < $1.value.issuedAt }) {
            codes[oldest.key] = nil
        }
        let code = RandomText.alphanumeric(count: 32)
        codes[code] = AuthorizationCode(storeHash: storeHash, scope: scope, user: user, issuedAt: now)
        return code
    }

    /// Checks an exchange against the app and the code, and spends the code.
    ///
    /// - Returns: The code's install and the app it was exchanged by.
    /// - Throws: ``TokenExchangeError`` saying why no token is issued; the code stays unspent then.
    func redeem(_ request: TokenExchangeRequest) throws(TokenExchangeError) -> (AuthorizationCode, RegisteredApp) {
        if refusalsLeft > 0 {
            refusalsLeft -= 1
            throw .invalidGrant("the sandbox refuses this exchange as asked (POST /sandbox/apps/faults)")
        }
        guard let app, request.clientId == app.clientId, request.clientSecret == app.clientSecret else {
            throw .invalidClient
        }
        guard request.grantType == "authorization_code" else { throw .unsupportedGrantType }
        guard request.redirectURI == app.authCallback else {
            throw .invalidGrant("redirect_uri must be the app's auth callback URL, \(app.authCallback)")
        }
        guard var code = codes[request.code] else { throw .invalidGrant("the code was never issued") }
        guard !code.used else { throw .invalidGrant("the code was exchanged already: a code opens one exchange") }
        guard ContinuousClock.now - code.issuedAt <= codeLifetime else {
            throw .invalidGrant("the code expired: it must be exchanged within \(codeLifetime) of the install")
        }
        guard request.context == code.context else {
            throw .invalidGrant("the code was issued for another context than \(request.context)")
        }
        code.used = true
        codes[request.code] = code
        return (code, app)
    }
}
