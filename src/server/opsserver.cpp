#include "opsserver.h"

#include <csignal>
#include <cstdlib>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTcpSocket>

#include "core/logging.h"
#include "demo/demodata.h"
#include "domain/alertrules.h"
#include "http/httpcompat.h"
#include "http/routesupport.h"
#include "http/tlsfiles.h"
#include "routes/routes.h"

using namespace Qt::StringLiterals;

namespace Ops {

OpsServer::OpsServer(QObject *parent)
    : QObject(parent)
    , m_hub(m_store, m_auth)
{
    // Every route the server has, for the route label of the request metrics.
    m_requests.setRoutes({ u"/ws"_s, u"/healthz"_s, u"/readyz"_s, u"/metrics"_s, u"/api/orders"_s,
        u"/api/orders/bulk-status"_s, u"/api/orders/bulk-assign"_s, u"/api/orders/import"_s,
        u"/api/orders/<arg>/history"_s, u"/api/orders/<arg>/candidates"_s, u"/api/orders/<arg>"_s,
        u"/api/drivers"_s, u"/api/drivers/<arg>"_s, u"/api/drivers/<arg>/history"_s,
        u"/api/drivers/<arg>/trail"_s, u"/api/drivers/<arg>/devices"_s,
        u"/api/drivers/<arg>/devices/<arg>"_s, u"/api/payments"_s, u"/api/alerts"_s,
        u"/api/alerts/<arg>/<arg>"_s, u"/api/alert-rules"_s, u"/api/alert-rules/<arg>/<arg>"_s,
        u"/api/kpis"_s, u"/api/kpis/timeline"_s, u"/api/events"_s, u"/api/test/clock"_s,
        u"/api/osmand"_s, u"/api/me/orders"_s, u"/api/me/orders/<arg>/status"_s,
        u"/api/me/position"_s, u"/"_s });
    // The observer sees every request before any route. WebSocket upgrades never reach
    // QHttpServer: the listener hands their sockets to the hub (listen()).
    m_requests.install(m_http);
    registerServiceRoutes(m_http, m_store);
    registerImportRoutes(m_http, m_routeServices);
    registerOrderRoutes(m_http, m_routeServices);
    registerDriverRoutes(m_http, m_routeServices);
    registerDriverSelfRoutes(m_http, m_routeServices);
    registerOsmAndRoutes(m_http, m_routeServices, { u"/api/osmand"_s });
    registerPaymentRoutes(m_http, m_routeServices);
    registerAlertRoutes(m_http, m_routeServices);
    registerKpiRoutes(m_http, m_routeServices);
    m_http.route(
        u"/metrics"_s, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &request) {
            if (!m_metricsTokenHash.isEmpty()) {
                const QByteArray header = request.value("Authorization").trimmed();
                const QByteArray hash = QCryptographicHash::hash(
                    header.startsWith("Bearer ") ? header.mid(7).trimmed() : QByteArray(),
                    QCryptographicHash::Sha256);
                if (hash != m_metricsTokenHash)
                    return errorResponse(Error { ErrorKind::Unauthorized,
                        u"GET /metrics needs 'Authorization: Bearer <metrics token>'"_s });
            }
            return QHttpServerResponse(
                QByteArray(MetricsRegistry::ContentType), m_metrics.exposition());
        });
    // Unknown routes: the same answers as registerServiceRoutes() gives, plus the request id
    // and the request metrics (the after-request hook does not see the missing handler).
    const auto missing = [this](
                             const QHttpServerRequest &request, QHttpServerResponder &responder) {
        m_requests.begin(request);
        const MissingRouteAnswer answer = missingRouteAnswer(request);
        const QByteArray id = m_requests.finish(request, int(answer.status), answer.body.size());
        writeResponse(responder, answer.body,
            { { "Content-Type"_ba, "application/json"_ba }, { "X-Request-Id"_ba, id } },
            answer.status);
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // 6.8: a context object, and the responder by lvalue reference.
    m_http.setMissingHandler(this, missing);
#else
    m_http.setMissingHandler(
        [missing](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            missing(request, responder);
        });
#endif
    // The dedicated OsmAnd port: reports at / (where Traccar Client sends them) and
    // /api/osmand, nothing else.
    m_requests.install(m_osmandHttp);
    registerOsmAndRoutes(m_osmandHttp, m_routeServices, { u"/"_s, u"/api/osmand"_s });
    const auto notOsmAnd = [this](
                               const QHttpServerRequest &request, QHttpServerResponder &responder) {
        m_requests.begin(request);
        const MissingRouteAnswer answer = missingOsmAndAnswer(request);
        const QByteArray id = m_requests.finish(request, int(answer.status), answer.body.size());
        writeResponse(responder, answer.body,
            { { "Content-Type"_ba, "application/json"_ba }, { "X-Request-Id"_ba, id } },
            answer.status);
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    m_osmandHttp.setMissingHandler(this, notOsmAnd);
#else
    m_osmandHttp.setMissingHandler(
        [notOsmAnd](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            notOsmAnd(request, responder);
        });
#endif
    registerMetrics();
    // The body limit of the CSV import (the listener checks it before reading the body).
    m_httpLimits.bodyLimitsByPath = { { "/api/orders/import"_ba, MaxImportBodyBytes } };
    m_shutdownTimer.setSingleShot(true);
    connect(&m_shutdownTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcServerHttp) << "shutdown grace time over; cutting off" << m_hub.sessionCount()
                                << "WebSocket and" << httpConnectionCount() << "HTTP connections";
        m_hub.abortAll();
        if (m_listener)
            m_listener->abortHttpConnections();
        if (m_osmandListener)
            m_osmandListener->abortHttpConnections();
        finishShutdown(false);
    });
    // Another instance reset the shared log: positions of the old epoch mean nothing now. The
    // sessions reconnect, resume with their old epoch and get `resync`.
    connect(&m_store, &Store::logReset, this,
        [this] { m_hub.closeAll(Wire::CloseCode::GoingAway, u"event log reset; resubscribe"_s); });
    connect(&m_retentionTimer, &QTimer::timeout, this, [this] { trimLog(); });
    m_retentionTimer.start(std::chrono::seconds(60));
}

void OpsServer::setAuth(const Auth &auth)
{
    m_auth = auth;
    m_hub.reauthorizeSessions();
}

void OpsServer::setRetention(
    int keepEvents, std::chrono::seconds maxAge, std::chrono::milliseconds every)
{
    m_keepEvents = keepEvents;
    m_maxEventAge = maxAge;
    m_retentionTimer.start(every);
}

qint64 OpsServer::trimLog()
{
    if (!m_store.isOpen())
        return 0;
    // What a webhook endpoint has not received yet stays, whatever the retention says.
    const qint64 keepAfter =
        m_webhooks ? m_webhooks->keepAfter() : std::numeric_limits<qint64>::max();
    const qint64 byCount = m_store.log().trim(m_keepEvents, keepAfter);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 byAge =
        m_store.log().trimOlderThan(now.addSecs(-m_maxEventAge.count()), keepAfter);
    // A retried create is answered from its key for a day.
    m_store.orders().trimIdempotencyKeys(now.addDays(-1));
    // Breadcrumbs are no events: trimming them is not counted here.
    m_store.drivers().trimTrail(
        now.addSecs(-std::chrono::seconds(m_trailRetention).count()), m_trailPoints);
    return qMax<qint64>(0, byCount) + qMax<qint64>(0, byAge);
}

WebhookDispatcher &OpsServer::startWebhooks(
    const QList<WebhookEndpoint> &endpoints, const WebhookTimings &timings)
{
    const bool first = !m_webhooks;
    if (!m_webhooks)
        m_webhooks = std::make_unique<WebhookDispatcher>(m_store);
    m_webhooks->setEndpoints(endpoints, timings);
    if (first) {
        using Type = MetricsRegistry::Type;
        for (qsizetype i = 0; i < endpoints.size(); ++i) {
            const MetricsRegistry::Labels labels { { "endpoint"_ba,
                endpoints.at(i).name.toUtf8() } };
            const auto statusOf = [this, i] { return m_webhooks->status().value(i); };
            m_metrics.callback(Type::Gauge, "opsboard_webhook_pending"_ba,
                "Events an endpoint still has to receive (after its cursor, of its types)."_ba,
                labels, [this, i] { return double(m_webhooks->pending(i)); });
            m_metrics.callback(Type::Counter, "opsboard_webhook_deliveries_total"_ba,
                "Deliveries an endpoint acknowledged with 2xx (kept across restarts)."_ba, labels,
                [statusOf] { return double(statusOf().delivered); });
            m_metrics.callback(Type::Counter, "opsboard_webhook_failed_attempts_total"_ba,
                "Delivery attempts that failed (error, timeout or not 2xx) since start."_ba, labels,
                [statusOf] { return double(statusOf().failedAttempts); });
            m_metrics.callback(Type::Gauge, "opsboard_webhook_last_success_age_seconds"_ba,
                "Seconds since an endpoint last acknowledged a delivery; -1: never."_ba, labels,
                [statusOf] {
                    const QDateTime at = statusOf().lastSuccessAt;
                    return at.isValid()
                        ? double(at.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0
                        : -1.0;
                });
            m_metrics.callback(Type::Gauge, "opsboard_webhook_retrying"_ba,
                "1 while an endpoint's current event waits for its next attempt."_ba, labels,
                [statusOf] { return statusOf().retrying ? 1.0 : 0.0; });
        }
    }
    m_webhooks->start();
    return *m_webhooks;
}

void OpsServer::setPositionLimits(int burst, std::chrono::milliseconds interval, int addressBurst,
    std::chrono::milliseconds addressInterval)
{
    m_reportsPerDevice.setLimits(burst, interval);
    m_reportsPerAddress.setLimits(addressBurst, addressInterval);
}

void OpsServer::setTrailRetention(std::chrono::hours retention, int points)
{
    m_trailRetention = retention;
    m_trailPoints = points;
}

AlertEngine &OpsServer::startAlertEngine(std::chrono::milliseconds interval)
{
    m_alertEngine = std::make_unique<AlertEngine>(m_store, &m_auth);
    m_alertEngine->setClock([this] { return now(); });
    m_alertEngine->setInterval(interval);
    m_alertEngine->start();
    return *m_alertEngine;
}

EtaEngine &OpsServer::startEtaEngine(std::chrono::milliseconds throttle)
{
    m_etaEngine = std::make_unique<EtaEngine>(m_store, m_orders, m_travel);
    // The alert engine's clock: under --test-clock an ETA and its predicted_late alert agree.
    m_etaEngine->setClock([this] { return now(); });
    m_etaEngine->setThrottle(throttle);
    m_etaEngine->start();
    return *m_etaEngine;
}

OpsServer::~OpsServer()
{
    // The simulator writes through the store and the hub listens to it: stop writers first.
    m_simulator.reset();
    m_alertEngine.reset();
    m_webhooks.reset();
    m_etaEngine.reset();
}

Error OpsServer::openStore(const QString &path)
{
    return m_store.open(path);
}

Error OpsServer::databaseLocation(const QString &given, DatabaseLocation *out)
{
    QString database = given;
    if (database.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!QDir().mkpath(dir))
            return Error { ErrorKind::BadRequest,
                u"cannot create the data directory %1"_s.arg(dir) };
        database = QDir(dir).filePath(u"opsboard.sqlite"_s);
    }
    if (const Error e = DatabaseLocation::parse(database, out); !e.ok())
        return Error { ErrorKind::BadRequest, u"--db: "_s + e.message };
    return {};
}

Error OpsServer::start(const ServerOptions &options)
{
    const auto usage = [](const QString &message) {
        return Error { ErrorKind::BadRequest, message };
    };
    if (!options.tlsCert.isEmpty()) {
        QSslConfiguration configuration;
        if (const Error e =
                TlsFiles::load(options.tlsCert, options.tlsKey, options.tlsChain, &configuration);
            !e.ok())
            return usage(e.message);
        setTlsConfiguration(configuration);
    }
    DatabaseLocation location;
    if (const Error e = databaseLocation(options.database, &location); !e.ok())
        return e;
    if (!options.usersFile.isEmpty()) {
        Auth auth;
        if (const Error e = auth.loadFile(options.usersFile); !e.ok())
            return usage(e.message);
        setAuth(auth);
        watchUsersFile(options.usersFile);
    } else if (options.demo) {
        setAuth(Demo::users());
    }
    setMetricsToken(options.metricsToken);
    QList<WebhookEndpoint> endpoints;
    for (const ServerOptions::Webhook &hook : options.webhooks) {
        WebhookEndpoint endpoint { hook.name, QUrl(hook.url), hook.events, hook.regions,
            hook.secret.toUtf8() };
        for (const QString &type : hook.events) {
            if (!WebhookEndpoint::knownEventTypes().contains(type))
                return usage(u"%1: webhook.%2.events: unknown event type '%3' (known: %4)"_s.arg(
                    hook.origin, hook.name, type.left(64),
                    WebhookEndpoint::knownEventTypes().join(u", "_s)));
        }
        if (!hook.secretFile.isEmpty()) {
            QFile secret(hook.secretFile);
            if (!secret.open(QIODevice::ReadOnly))
                return usage(u"%1: webhook.%2.secret-file: %3"_s.arg(
                    hook.origin, hook.name, secret.errorString()));
            endpoint.secret = secret.read(4096).trimmed();
            if (endpoint.secret.size() < 16)
                return usage(u"%1: webhook.%2.secret-file holds fewer than 16 characters"_s.arg(
                    hook.origin, hook.name));
        }
        endpoints.append(endpoint);
    }
    m_orders.setReasonsRequired(options.requireReasons);
    if (Error e = m_store.open(location); !e.ok())
        return e.kind == ErrorKind::BadRequest ? Error { ErrorKind::Storage, e.message } : e;
    if (options.resetLog) {
        if (const Error e = m_store.resetLog(); !e.ok())
            return e;
    }
    setTrailRetention(options.trailRetention, options.trailPoints);
    setRetention(options.retainEvents, options.retainAge, options.trimInterval);
    trimLog();
    setPositionLimits(options.positionBurst, options.positionInterval, options.positionAddressBurst,
        options.positionAddressInterval);
    m_hub.setMessageRateLimits(options.wsRate, options.wsRate * 5 / 2);
    m_hub.setConnectionRateLimit(options.wsConnectRate, std::chrono::seconds(10));
    m_hub.setSendBudget(options.wsSendBudgetBytes);
    m_hub.setMaxChannels(options.wsMaxChannels);
    m_hub.setThreadCount(options.wsThreads);
    setSessionTimeouts(options.wsAuthTimeout, options.wsHeartbeat);
    if (options.demo) {
        Error e = Demo::seedOrders(m_store, options.demoOrders, options.seed);
        if (e.ok())
            e = Demo::seedDrivers(m_store, options.demoDrivers, options.seed);
        if (!e.ok())
            return e;
        m_demoDriverIds = Demo::driversWithDemoKeys(m_store);
        if (options.simulate)
            startSimulator(options.seed, options.simInterval);
    }
    setOrderViews(OrderViewSettings { options.atRisk, options.finishedVisibleFor });
    if (options.eta) {
        TravelModel model;
        model.speedKmh = options.etaSpeedKmh;
        model.detourFactor = options.etaDetourFactor;
        model.regionSpeedKmh = options.etaRegionSpeedsKmh;
        m_travel.setModel(model);
        RoutingSettings routing;
        routing.url = options.routingUrl;
        routing.profile = options.routingProfile;
        routing.budget = options.routingTimeout;
        m_travel.setRouting(routing);
        startEtaEngine(options.etaThrottle);
    }
    HttpLimits limits;
    limits.idleTimeout = options.idleTimeout;
    limits.maxHeaderBytes = options.maxHeaderBytes;
    setHttpLimits(limits);
    if (!options.alertRulesFile.isEmpty()) {
        QFile rules(options.alertRulesFile);
        QList<AlertRule> parsed;
        if (!rules.open(QIODevice::ReadOnly))
            return usage(u"alert rules file %1: %2"_s.arg(rules.fileName(), rules.errorString()));
        if (const Error e = AlertRuleSet::parseFile(rules.readAll(), rules.fileName(), &parsed);
            !e.ok())
            return usage(e.message);
        m_alertRulesWatch = std::make_unique<FileWatch>(options.alertRulesFile);
        connect(m_alertRulesWatch.get(), &FileWatch::changed, this, &OpsServer::reloadAlertRules);
        reloadAlertRules();
    }
    if (options.testClock)
        registerTestClock();
    if (options.alertInterval.count() > 0)
        startAlertEngine(options.alertInterval);
    if (!endpoints.isEmpty()) {
        startWebhooks(endpoints,
            WebhookTimings {
                options.webhookTimeout, options.webhookRetryInitial, options.webhookRetryMax });
    }
    if (listen(options.listen, options.port) == 0) {
        return Error { ErrorKind::Unavailable,
            u"cannot listen on %1:%2"_s.arg(options.listen.toString()).arg(options.port) };
    }
    if (options.osmandPort != 0 && listenOsmAnd(options.listen, options.osmandPort) == 0) {
        return Error { ErrorKind::Unavailable,
            u"cannot listen for OsmAnd reports on %1:%2"_s.arg(options.listen.toString())
                .arg(options.osmandPort) };
    }
    return {};
}

void OpsServer::watchUsersFile(const QString &path)
{
    m_usersFile = path;
    m_usersWatch = std::make_unique<FileWatch>(path);
    connect(m_usersWatch.get(), &FileWatch::changed, this, &OpsServer::reloadUsers);
}

void OpsServer::reloadAlertRules()
{
    if (!m_alertRulesWatch)
        return;
    QFile file(m_alertRulesWatch->path());
    QList<AlertRule> rules;
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcServerHttp) << "alert rules not reloaded:" << file.errorString();
        return;
    }
    if (const Error e = AlertRuleSet::parseFile(file.readAll(), file.fileName(), &rules); !e.ok()) {
        qCWarning(lcServerHttp) << "alert rules not reloaded:" << e.message;
        return;
    }
    const AlertRuleSet inForce = m_alerts.rules();
    int changed = 0;
    for (const AlertRule &rule : std::as_const(rules)) {
        AlertRule current = inForce.rule(rule.region, rule.kind);
        const bool own = current.region == rule.region;
        AlertRule wanted = rule;
        wanted.version = current.version;
        wanted.updatedAt = current.updatedAt;
        wanted.updatedBy = current.updatedBy;
        if (own && wanted == current)
            continue;
        const StoreWrite<AlertRule> result =
            m_alerts.updateRule(rule, own ? current.version : 0, u"rules-file"_s);
        if (!result.ok())
            qCWarning(lcServerHttp)
                << "alert rule" << rule.id() << "not applied:" << result.error.message;
        else
            ++changed;
    }
    qCInfo(lcServerHttp) << "alert rules file applied:" << changed << "of" << rules.size()
                         << "rules changed";
}

QDateTime OpsServer::now() const
{
    return QDateTime::currentDateTimeUtc().addSecs(m_clockOffsetSeconds);
}

void OpsServer::registerTestClock()
{
    qCWarning(lcServerHttp)
        << "--test-clock: POST /api/test/clock moves the alert and ETA engines' clock";
    m_http.route(u"/api/test/clock"_s, QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest &request) {
            const AuthResult caller = authenticateRequest(m_auth, request);
            if (!caller.user)
                return errorResponse(caller.error);
            if (caller.user->role != User::Role::Manager)
                return errorResponse(Error { ErrorKind::Forbidden, u"managers only"_s });
            QJsonObject body;
            if (Error e = parseJsonObject(
                    request.body(), { "advanceSeconds"_L1, "crashAfterSteps"_L1 }, &body);
                !e.ok())
                return errorResponse(e);
            const double seconds = body.value("advanceSeconds"_L1).toDouble(-1);
            if (seconds < 0 || seconds > 366.0 * 86400 || seconds != double(qint64(seconds)))
                return errorResponse(Error { ErrorKind::BadRequest,
                    u"'advanceSeconds' must be a whole number of seconds, 0 to a year"_s });
            m_clockOffsetSeconds += qint64(seconds);
            // The move takes effect at once: one scan as of the new time. With
            // crashAfterSteps, the process kills itself once that many escalation steps are
            // committed, like a kill -9 in the middle of an escalation.
            if (m_alertEngine) {
                const int crashAfter = body.value("crashAfterSteps"_L1).toInt(0);
                if (crashAfter > 0) {
                    m_alertEngine->setAfterStepBatch([crashAfter](int steps) {
                        if (steps >= crashAfter) {
                            qCWarning(lcServerHttp)
                                << "test clock: crashing after" << steps << "escalation steps";
#ifdef SIGKILL
                            std::raise(SIGKILL); // as kill -9 from outside
#endif
                            std::abort();
                        }
                    });
                }
                m_alertEngine->scan(now());
                m_alertEngine->setAfterStepBatch({});
            }
            return QHttpServerResponse(
                QJsonObject { { "now"_L1, now().toString(Qt::ISODateWithMs) },
                    { "offsetSeconds"_L1, m_clockOffsetSeconds } });
        });
}

void OpsServer::reloadUsers()
{
    if (m_usersFile.isEmpty())
        return;
    Auth reloaded;
    if (const Error e = reloaded.loadFile(m_usersFile); !e.ok()) {
        qCWarning(lcServerHttp) << "users file not reloaded:" << e.message;
        return;
    }
    if (m_usersWatch)
        m_usersWatch->markSeen();
    qCInfo(lcServerHttp) << "users file reloaded:" << reloaded.userCount() << "users";
    setAuth(reloaded);
}

void OpsServer::setSessionTimeouts(
    std::chrono::milliseconds authTimeout, std::chrono::milliseconds heartbeatInterval)
{
    m_hub.setAuthTimeout(authTimeout);
    m_hub.setHeartbeatInterval(heartbeatInterval);
}

Simulator &OpsServer::startSimulator(quint32 seed, std::chrono::milliseconds interval)
{
    m_simulator = std::make_unique<Simulator>(m_store, m_positions, seed);
    m_simulator->setInterval(interval);
    m_simulator->start();
    return *m_simulator;
}

void OpsServer::setHttpLimits(const HttpLimits &limits)
{
    m_httpLimits = limits;
    if (m_httpLimits.bodyLimitsByPath.isEmpty())
        m_httpLimits.bodyLimitsByPath = { { "/api/orders/import"_ba, MaxImportBodyBytes } };
    if (m_listener)
        m_listener->setLimits(m_httpLimits);
    // QHttpServer's own body limit is one for all paths: the largest, the listener checks the
    // limit of each path before that.
    qsizetype maxBody = m_httpLimits.maxBodyBytes;
    for (const auto &[path, bytes] : std::as_const(m_httpLimits.bodyLimitsByPath))
        maxBody = qMax(maxBody, bytes);
    applyQtLimits(m_http, limits.idleTimeout, limits.maxHeaderBytes, maxBody);
    if (m_osmandListener)
        m_osmandListener->setLimits(limits);
    applyQtLimits(m_osmandHttp, limits.idleTimeout, limits.maxHeaderBytes, limits.maxBodyBytes);
}

quint16 OpsServer::listenOsmAnd(const QHostAddress &address, quint16 port)
{
    auto listener = std::make_unique<HttpListener>();
    listener->setLimits(m_httpLimits);
    listener->setTlsConfiguration(m_tls);
    if (!listener->listen(address, port)) {
        qCWarning(lcServerHttp) << "cannot listen for OsmAnd reports on" << address.toString()
                                << port << ":" << listener->errorString();
        return 0;
    }
    m_osmandPort = listener->serverPort();
    m_osmandListener = listener.release();
    m_osmandListener->attachTo(m_osmandHttp); // m_osmandHttp owns it from here
    connect(m_osmandListener, &HttpListener::httpConnectionCountChanged, this,
        &OpsServer::checkShutdownDone);
    qCInfo(lcServerHttp) << "taking OsmAnd reports on" << address.toString() << m_osmandPort;
    return m_osmandPort;
}

qsizetype OpsServer::httpConnectionCount() const
{
    return (m_listener ? m_listener->httpConnectionCount() : 0)
        + (m_osmandListener ? m_osmandListener->httpConnectionCount() : 0);
}

quint16 OpsServer::listen(const QHostAddress &address, quint16 port)
{
    auto listener = std::make_unique<HttpListener>();
    listener->setLimits(m_httpLimits);
    listener->setTlsConfiguration(m_tls);
    if (!listener->listen(address, port)) {
        qCWarning(lcServerHttp) << "cannot listen on" << address.toString() << port << ":"
                                << listener->errorString();
        return 0;
    }
    m_port = listener->serverPort();
    m_listener = listener.release();
    m_listener->attachTo(m_http); // m_http owns it from here
    m_listener->setWebSocketHandoff([this](QTcpSocket *socket) {
        m_requests.recordUpgrade(socket->peek(1024), socket->peerAddress());
        m_hub.adoptSocket(socket);
    });
    connect(
        m_listener, &HttpListener::httpConnectionCountChanged, this, &OpsServer::checkShutdownDone);
    qCInfo(lcServerHttp) << "listening on" << address.toString() << m_port;
    return m_port;
}

void OpsServer::setTlsConfiguration(const std::optional<QSslConfiguration> &configuration)
{
    m_tls = configuration;
    if (m_listener)
        m_listener->setTlsConfiguration(configuration);
    if (m_osmandListener)
        m_osmandListener->setTlsConfiguration(configuration);
}

void OpsServer::setMetricsToken(const QString &token)
{
    m_metricsTokenHash = token.isEmpty()
        ? QByteArray()
        : QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

void OpsServer::registerMetrics()
{
    using Type = MetricsRegistry::Type;
    MetricsRegistry &m = m_metrics;
    m.gauge("opsboard_build_info"_ba, "Version of the running server; always 1."_ba,
         { { "version"_ba, QByteArray(OPS_VERSION) } })
        .set(1);
    m.gauge("opsboard_process_start_time_seconds"_ba,
         "Start time of the process since the Unix epoch in seconds."_ba)
        .set(double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
#ifdef Q_OS_LINUX
    m.callback(Type::Gauge, "opsboard_process_resident_memory_bytes"_ba,
        "Resident memory of the process in bytes."_ba, {}, [] {
            QFile statm(u"/proc/self/statm"_s);
            if (!statm.open(QIODevice::ReadOnly))
                return 0.0;
            const QList<QByteArray> fields = statm.readAll().split(' ');
            return fields.size() > 1 ? fields.at(1).toDouble() * 4096.0 : 0.0;
        });
#endif
    const QByteArray listAnswersHelp =
        "Order list reads, by whether the answer was shared with an identical read at the same "
        "log position or read and encoded anew."_ba;
    m.callback(Type::Counter, "opsboard_list_answers_total"_ba, listAnswersHelp,
        { { "answer"_ba, "shared"_ba } }, [this] { return double(m_listAnswers.hits()); });
    m.callback(Type::Counter, "opsboard_list_answers_total"_ba, listAnswersHelp,
        { { "answer"_ba, "read"_ba } }, [this] { return double(m_listAnswers.misses()); });
    m.callback(Type::Gauge, "opsboard_list_answer_cache_bytes"_ba,
        "Bytes of order list answers kept for identical reads."_ba, {},
        [this] { return double(m_listAnswers.bytes()); });
    m.callback(Type::Gauge, "opsboard_ws_connections"_ba,
        "Open WebSocket connections (authenticated or not)."_ba, {},
        [this] { return double(m_hub.sessionCount()); });
    m.callback(Type::Gauge, "opsboard_ws_subscriptions"_ba,
        "Channel subscriptions over all WebSocket sessions."_ba, {},
        [this] { return double(m_hub.subscriptionCount()); });
    m_eventsAppended = &m.counter(
        "opsboard_events_appended_total"_ba, "Change events appended to the event log."_ba);
    connect(&m_store, &Store::eventLogged, this, [this] { m_eventsAppended->increment(); });
    m.callback(Type::Counter, "opsboard_ws_deliveries_total"_ba,
        "Change events sent to WebSocket sessions (live and replayed)."_ba, {},
        [this] { return double(m_hub.eventsDelivered()); });
    m.callback(Type::Counter, "opsboard_ws_replays_total"_ba,
        "Subscribes that resumed by replaying from the event log."_ba, {},
        [this] { return double(m_hub.stats().replays); });
    m.callback(Type::Counter, "opsboard_ws_replayed_events_total"_ba, "Events sent by replays."_ba,
        {}, [this] { return double(m_hub.stats().replayedEvents); });
    m.callback(Type::Counter, "opsboard_ws_resyncs_total"_ba,
        "Subscribes answered with resync (the log no longer holds the missed events)."_ba, {},
        [this] { return double(m_hub.stats().resyncs); });
    const std::pair<EventHub::FrameRejection, QByteArray> frameReasons[] = {
        { EventHub::FrameRejection::BadFrame, "bad_frame"_ba },
        { EventHub::FrameRejection::TooManyChannels, "too_many_channels"_ba },
        { EventHub::FrameRejection::RateLimited, "rate_limited"_ba },
        { EventHub::FrameRejection::TooBig, "too_big"_ba },
        { EventHub::FrameRejection::NotAuthenticated, "not_authenticated"_ba },
    };
    for (const auto &[reason, name] : frameReasons) {
        m.callback(Type::Counter, "opsboard_ws_rejected_frames_total"_ba,
            "WebSocket frames refused, by reason."_ba, { { "reason"_ba, name } },
            // A copy: clang before 16 cannot capture a structured binding.
            [this, index = std::size_t(reason)] {
                return double(m_hub.stats().rejectedFrames.at(index));
            });
    }
    const std::pair<Wire::CloseCode, QByteArray> closeReasons[] = {
        { Wire::CloseCode::RateLimited, "rate_limited"_ba },
        { Wire::CloseCode::SlowConsumer, "slow_consumer"_ba },
        { Wire::CloseCode::BadFrame, "bad_frame"_ba },
        { Wire::CloseCode::TooBig, "too_big"_ba },
        { Wire::CloseCode::Unauthorized, "unauthorized"_ba },
        { Wire::CloseCode::Forbidden, "forbidden"_ba },
        { Wire::CloseCode::AuthTimeout, "auth_timeout"_ba },
        { Wire::CloseCode::GoingAway, "going_away"_ba },
    };
    for (const auto &[code, name] : closeReasons) {
        const auto wire = quint16(code);
        m.callback(Type::Counter, "opsboard_ws_closes_total"_ba,
            "WebSocket sessions the server closed, by reason (close code)."_ba,
            { { "reason"_ba, name }, { "code"_ba, QByteArray::number(wire) } },
            [this, wire] { return double(m_hub.stats().closesByCode.value(wire)); });
    }
    m.callback(Type::Counter, "opsboard_ws_send_budget_closes_total"_ba,
        "Sessions closed with 4030 because all send queues together were over the send budget "
        "(furthest behind first); also counted in opsboard_ws_closes_total."_ba,
        {}, [this] { return double(m_hub.stats().budgetCloses); });
    m.callback(Type::Counter, "opsboard_ws_stalled_closes_total"_ba,
        "Sessions closed with 4030 because their send queue did not drain for two heartbeat "
        "intervals while the peer still sent frames; also counted in opsboard_ws_closes_total."_ba,
        {}, [this] { return double(m_hub.stats().stalledCloses); });
    m.callback(Type::Counter, "opsboard_ws_heartbeat_aborts_total"_ba,
        "Sessions aborted (no close frame) as dead by the heartbeat."_ba, {},
        [this] { return double(m_hub.stats().heartbeatAborts); });
    m.callback(Type::Gauge, "opsboard_ws_queued_bytes"_ba,
        "Bytes queued unsent over all WebSocket sessions (at the last fan-out or heartbeat)."_ba,
        {}, [this] { return double(m_hub.queuedBytes()); });
    m.callback(Type::Gauge, "opsboard_ws_send_budget_bytes"_ba,
        "Send budget: queued bytes all sessions together may hold."_ba, {},
        [this] { return double(m_hub.sendBudget()); });
    const std::pair<HttpListener::Rejection, QByteArray> httpReasons[] = {
        { HttpListener::Rejection::HeaderTooLarge, "header_too_large"_ba },
        { HttpListener::Rejection::BodyTooLarge, "body_too_large"_ba },
        { HttpListener::Rejection::LengthRequired, "length_required"_ba },
        { HttpListener::Rejection::BadFraming, "bad_framing"_ba },
        { HttpListener::Rejection::IdleTimeout, "idle_timeout"_ba },
        { HttpListener::Rejection::TlsHandshake, "tls_handshake"_ba },
    };
    for (const auto &[reason, name] : httpReasons) {
        m.callback(Type::Counter, "opsboard_http_rejected_total"_ba,
            "HTTP connections the listeners answered or closed themselves, by reason."_ba,
            { { "reason"_ba, name } }, [this, rejection = reason] {
                return (m_listener ? double(m_listener->rejections(rejection)) : 0.0)
                    + (m_osmandListener ? double(m_osmandListener->rejections(rejection)) : 0.0);
            });
    }
    for (const PositionIntake::Source source :
        { PositionIntake::Source::OsmAnd, PositionIntake::Source::DriverApi }) {
        m.callback(Type::Counter, "opsboard_positions_accepted_total"_ba,
            "Position reports applied, by source (osmand: phones, trackers and the demo "
            "simulator; driver_api: POST /api/me/position)."_ba,
            { { "source"_ba, PositionIntake::sourceName(source).toUtf8() } },
            [this, source] { return double(m_positions.acceptedCount(source)); });
    }
    for (int r = 0; r < ReportRejectionCount; ++r) {
        const auto reason = ReportRejection(r);
        m.callback(Type::Counter, "opsboard_positions_rejected_total"_ba,
            "Position reports not applied (rejected, or ignored: stale, invalid_fix), by "
            "reason; none of them changed the database."_ba,
            { { "reason"_ba, reportRejectionName(reason).toUtf8() } },
            [this, reason] { return double(m_positions.rejectionCount(reason)); });
    }
    m.callback(Type::Counter, "opsboard_http_websocket_upgrades_total"_ba,
        "HTTP connections handed over to the WebSocket side."_ba, {},
        [this] { return m_listener ? double(m_listener->webSocketUpgrades()) : 0.0; });
    const std::pair<QByteArray, qint64 EtaEngine::Stats::*> etaCounters[] = {
        { "recomputed"_ba, &EtaEngine::Stats::recomputes },
        { "written"_ba, &EtaEngine::Stats::written },
        { "unchanged"_ba, &EtaEngine::Stats::unchanged },
        { "skipped"_ba, &EtaEngine::Stats::skipped },
        { "failed"_ba, &EtaEngine::Stats::failures },
        { "idle"_ba, &EtaEngine::Stats::idle },
    };
    for (const auto &[name, member] : etaCounters) {
        m.callback(Type::Counter, "opsboard_eta_total"_ba,
            "ETA work: driver recomputations, ETAs written (order versions), ETAs that moved "
            "less than a minute (not written), writes skipped because the order moved on, "
            "failures, position reports of drivers without an open order (nothing to do)."_ba,
            { { "outcome"_ba, name } }, [this, field = member] {
                return m_etaEngine ? double(m_etaEngine->stats().*field) : 0.0;
            });
    }
    const std::pair<QByteArray, qint64 TravelTimes::Stats::*> routingCounters[] = {
        { "answered"_ba, &TravelTimes::Stats::answered },
        { "failed"_ba, &TravelTimes::Stats::failed },
        { "timeout"_ba, &TravelTimes::Stats::timedOut },
        { "rejected"_ba, &TravelTimes::Stats::rejected },
    };
    for (const auto &[name, member] : routingCounters) {
        m.callback(Type::Counter, "opsboard_routing_requests_total"_ba,
            "Routing-service table requests by result: answered, failed (network or HTTP "
            "error), timeout (over the budget), rejected (not a usable duration table)."_ba,
            { { "result"_ba, name } },
            [this, field = member] { return double(m_travel.stats().*field); });
    }
    m.callback(Type::Counter, "opsboard_routing_legs_total"_ba,
        "Travel-time legs by source: cache (routed earlier), estimate (built-in model), "
        "implausible (a routed duration no road allows, replaced by the estimate)."_ba,
        { { "source"_ba, "cache"_ba } }, [this] { return double(m_travel.stats().cacheHits); });
    m.callback(Type::Counter, "opsboard_routing_legs_total"_ba, {},
        { { "source"_ba, "estimate"_ba } },
        [this] { return double(m_travel.stats().estimatedLegs); });
    m.callback(Type::Counter, "opsboard_routing_legs_total"_ba, {},
        { { "source"_ba, "implausible"_ba } },
        [this] { return double(m_travel.stats().implausibleLegs); });
    m.callback(Type::Gauge, "opsboard_routing_up"_ba,
        "1 while a configured routing service is used, 0 while it is left alone after a "
        "failure or none is configured."_ba,
        {}, [this] { return m_travel.isRoutingUp() ? 1.0 : 0.0; });
    m.callback(Type::Counter, "opsboard_db_errors_total"_ba,
        "Database statements or connections that failed."_ba, {},
        [] { return double(Store::databaseErrors()); });
    m.callback(Type::Counter, "opsboard_db_reconnects_total"_ba,
        "Times the write connection to the database was opened again after it was lost."_ba, {},
        [this] { return double(m_store.databaseReconnects()); });
    m.callback(Type::Gauge, "opsboard_db_notification_link_up"_ba,
        "1 while the database change-notification link is up (always 1 with SQLite)."_ba, {},
        [this] { return !m_store.isPostgres() || m_store.isNotificationLinkUp() ? 1.0 : 0.0; });
    m.callback(Type::Counter, "opsboard_db_notification_reconnects_total"_ba,
        "Times the PostgreSQL LISTEN link was opened again after it was lost."_ba, {},
        [this] { return double(m_store.notificationReconnects()); });
    m.callback(Type::Counter, "opsboard_db_events_read_total"_ba,
        "Events this instance read back from the shared log to deliver (PostgreSQL)."_ba, {},
        [this] { return double(m_store.eventsReadFromLog()); });
}

void OpsServer::shutdown(std::chrono::milliseconds timeout)
{
    if (m_shuttingDown) {
        // Asked again (a second Ctrl-C): do not wait any longer.
        if (m_shutdownTimer.isActive())
            m_shutdownTimer.start(0);
        return;
    }
    m_shuttingDown = true;
    qCInfo(lcServerHttp) << "shutting down:" << m_hub.sessionCount() << "WebSocket sessions,"
                         << httpConnectionCount() << "HTTP connections";
    if (m_simulator)
        m_simulator->stop();
    if (m_alertEngine)
        m_alertEngine->stop();
    if (m_webhooks)
        m_webhooks->stop();
    if (m_etaEngine)
        m_etaEngine->stop();
    m_retentionTimer.stop();
    // Requests already read are answered synchronously by their routes; idle keep-alive
    // connections close now, busy ones right after their answer.
    if (m_listener)
        m_listener->drain();
    if (m_osmandListener)
        m_osmandListener->drain();
    connect(&m_hub, &EventHub::sessionCountChanged, this, &OpsServer::checkShutdownDone);
    m_hub.closeAllInBatches(Wire::CloseCode::GoingAway, u"server shutting down"_s);
    m_shutdownTimer.start(timeout);
    checkShutdownDone();
}

void OpsServer::checkShutdownDone()
{
    if (!m_shuttingDown || !m_shutdownTimer.isActive())
        return;
    if (m_hub.sessionCount() > 0 || httpConnectionCount() > 0)
        return;
    finishShutdown(true);
}

void OpsServer::finishShutdown(bool clean)
{
    m_shutdownTimer.stop();
    disconnect(&m_hub, &EventHub::sessionCountChanged, this, &OpsServer::checkShutdownDone);
    m_store.close();
    if (clean)
        qCInfo(lcServerHttp) << "shutdown complete";
    else
        qCWarning(lcServerHttp) << "shutdown complete; connections were cut off";
    Q_EMIT shutdownFinished(clean);
}

} // namespace Ops
