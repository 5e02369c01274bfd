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
    public static func makeDispatcher(
        services: NotifierServices, token: String?, conformanceMethods: Bool = false, logger: Logger,
        drain: ShutdownDrain? = nil, tokenCheck: TokenCheck? = nil
    ) -> RPCDispatcher {
        var methods: [any RPCMethod] = [
            RPCDiscover(),
            SystemPing(),
            SystemInfo(startedAt: .now, databasePath: services.database.path),
            SessionAuthenticate(expectedToken: token, tokenCheck: tokenCheck ?? TokenCheck(logger: logger)),
            AccountGet(account: services.account),
            AccountSet(account: services.account, notifications: services.notifications, sender: services.sender),
            AccountBalance(account: services.account),
            PhoneValidate(account: services.account),
            NotificationsGet(notifications: services.notifications),
            NotificationsConfigure(notifications: services.notifications),
            TemplateKeywords(),
            TemplateRender(notifications: services.notifications),
            EventsIngest(events: services.events, updates: services.updates),
            EventsGet(events: services.events),
            EventsList(events: services.events),
            OutboxStatusMethod(sender: services.sender),
            OutboxConfigure(sender: services.sender),
            OutboxPause(sender: services.sender),
            OutboxResume(sender: services.sender),
            MessagesRetry(sender: services.sender),
            HistoryQueryMethod(history: services.history),
            MessagesGet(history: services.history),
            HistoryExportMethod(history: services.history, export: services.export),
            HistoryPrune(retention: services.retention),
            HistoryConfigure(retention: services.retention),
            StoreGet(store: services.store),
            StoreSet(store: services.store),
            StoreRegisterWebhooks(store: services.store, options: services.options, database: services.database),
            StoreWebhooks(store: services.store, options: services.options),
            CustomersSync(customers: services.customers),
            CustomersList(customers: services.customers, optOuts: services.optOuts),
            CustomersGet(customers: services.customers, optOuts: services.optOuts),
            CustomersUpsert(customers: services.customers, optOuts: services.optOuts),
            CustomersImport(customers: services.customers),
            BroadcastSend(broadcasts: services.broadcasts),
            BroadcastGet(broadcasts: services.broadcasts),
            BroadcastList(broadcasts: services.broadcasts),
            BroadcastPause(broadcasts: services.broadcasts),
            BroadcastResume(broadcasts: services.broadcasts),
            BroadcastCancel(broadcasts: services.broadcasts),
            BroadcastRetryFailed(broadcasts: services.broadcasts),
            BroadcastSubscribe(broadcasts: services.broadcasts),
            OptOutAdd(optOuts: services.optOuts),
            OptOutRemove(optOuts: services.optOuts),
            OptOutList(optOuts: services.optOuts),
            OptOutConfigure(optOuts: services.optOuts),
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
