import HTTPClient
import JSONRPC
import Logging
import MoceanAPI
import Notifier

/// The service's JSON-RPC methods, each bound to the domain service it speaks for.
public enum NotifierMethods {
    /// A dispatcher serving every method over `services`.
    ///
    /// - Parameters:
    ///   - token: the token TCP clients must give to `session.authenticate`; nil when none is needed.
    ///   - conformanceMethods: also serve the JSON-RPC spec's demo methods, for conformance tests of clients.
    ///   - drain: the transports' shutdown policy, which cancels calls waiting on the gateway when it must.
    ///   - tokenCheck: the guessing limits `session.authenticate` shares with the other places the token is
    ///     checked; a fresh one with the default limits when nil.
    ///   - confirmBroadcasts: whether `broadcast.send` goes only with the confirmation of its dry run; the
    ///     services' option when nil.
    public static func makeDispatcher(
        services: NotifierServices, token: String?, conformanceMethods: Bool = false, logger: Logger,
        drain: ShutdownDrain? = nil, tokenCheck: TokenCheck? = nil, confirmBroadcasts: Bool? = nil
    ) -> RPCDispatcher {
        let resolver = StoreResolver(directory: services.stores)
        /// A method that acts on one store: given the store the call resolves to.
        func scoped<Method: StoreScopedMethod>(_ method: Method) -> any RPCMethod {
            StoreScoped(method: method, resolver: resolver)
        }
        var methods: [any RPCMethod] = [
            RPCDiscover(),
            SystemPing(),
            SystemInfo(startedAt: .now, databasePath: services.storages.location),
            SessionAuthenticate(
                expectedToken: token,
                tokenCheck: tokenCheck
                    ?? {
                        var check = TokenCheck(logger: logger)
                        check.storeTokens = services.storeTokens
                        return check
                    }()),
            scoped(AccountGet(account: services.account, balanceWatch: services.balanceWatch)),
            scoped(
                AccountSet(
                    notifications: services.notifications, sender: services.sender,
                    balanceWatch: services.balanceWatch)),
            scoped(AccountBalance(balanceWatch: services.balanceWatch)),
            scoped(PhoneValidate(account: services.account)),
            scoped(NotificationsGet(notifications: services.notifications)),
            scoped(NotificationsConfigure(notifications: services.notifications)),
            TemplateKeywords(),
            scoped(TemplateRender(notifications: services.notifications)),
            scoped(EventsIngest(events: services.events, router: services.router, updates: services.updates)),
            scoped(EventsGet(events: services.events)),
            scoped(EventsList(events: services.events)),
            scoped(OutboxStatusMethod(sender: services.sender)),
            OperatorOnlyMethod(method: OutboxConfigure(sender: services.sender)),
            OperatorOnlyMethod(method: OutboxPause(sender: services.sender)),
            OperatorOnlyMethod(method: OutboxResume(sender: services.sender)),
            OperatorOnlyMethod(method: StoresList(directory: resolver.directory)),
            OperatorOnlyMethod(method: StoresGet(directory: resolver.directory, account: services.account)),
            OperatorOnlyMethod(method: StoresErase(directory: resolver.directory)),
            OperatorOnlyMethod(method: AppGet(directory: resolver.directory)),
            OperatorOnlyMethod(method: AppSet(directory: resolver.directory)),
            OperatorOnlyMethod(method: TokensCreate(directory: resolver.directory, tokens: services.storeTokens)),
            OperatorOnlyMethod(method: TokensList(directory: resolver.directory, tokens: services.storeTokens)),
            OperatorOnlyMethod(method: TokensRevoke(tokens: services.storeTokens)),
            scoped(MessagesRetry(sender: services.sender)),
            scoped(HistoryQueryMethod(history: services.history)),
            scoped(MessagesGet(history: services.history)),
            scoped(HistoryExportMethod(history: services.history, export: services.export)),
            scoped(HistoryPrune(retention: services.retention)),
            scoped(HistoryConfigure(retention: services.retention)),
            scoped(StoreGet(store: services.store)),
            scoped(StoreSet(store: services.store)),
            scoped(
                StoreRegisterWebhooks(
                    store: services.store, options: services.options, secrets: services.storages.endpointSecrets)),
            scoped(StoreWebhooks(store: services.store, options: services.options)),
            scoped(CustomersSync(customers: services.customers)),
            scoped(CustomersList(customers: services.customers, optOuts: services.optOuts)),
            scoped(CustomersGet(customers: services.customers, optOuts: services.optOuts)),
            scoped(CustomersUpsert(customers: services.customers, optOuts: services.optOuts)),
            scoped(CustomersImport(customers: services.customers)),
            scoped(
                BroadcastSend(
                    broadcasts: services.broadcasts,
                    requiresConfirmation: confirmBroadcasts ?? services.options.confirmBroadcasts)),
            scoped(BroadcastGet(broadcasts: services.broadcasts)),
            scoped(BroadcastList(broadcasts: services.broadcasts)),
            scoped(BroadcastPause(broadcasts: services.broadcasts)),
            scoped(BroadcastResume(broadcasts: services.broadcasts)),
            scoped(BroadcastCancel(broadcasts: services.broadcasts)),
            scoped(BroadcastRetryFailed(broadcasts: services.broadcasts)),
            scoped(BroadcastSubscribe(broadcasts: services.broadcasts)),
            scoped(OptOutAdd(optOuts: services.optOuts)),
            scoped(OptOutRemove(optOuts: services.optOuts)),
            scoped(OptOutList(optOuts: services.optOuts)),
            scoped(OptOutConfigure(optOuts: services.optOuts)),
            scoped(QuietHoursGet(quietHours: services.quietHours)),
            scoped(QuietHoursSet(quietHours: services.quietHours)),
        ]
        if conformanceMethods { methods += SpecExampleMethods.all }
        return RPCDispatcher(
            methods: methods, authenticationMethod: SessionAuthenticate.name, logger: logger, drain: drain)
    }

    /// A dispatcher over services built on `database` and `http`, with no background loops running: for
    /// tests of the methods alone.
    public static func makeDispatcher(
        database: AppDatabase, http: any HTTPTransport, token: String?, conformanceMethods: Bool = false,
        logger: Logger, tokenCheck: TokenCheck? = nil
    ) -> RPCDispatcher {
        makeDispatcher(
            services: NotifierServices(database: database, transport: http, logger: logger), token: token,
            conformanceMethods: conformanceMethods, logger: logger, tokenCheck: tokenCheck)
    }
}
