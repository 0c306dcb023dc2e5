#pragma once

#include <chrono>
#include <memory>

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QTimer>

#include "core/error.h"
#include "demo/simulator.h"
#include "domain/alertengine.h"
#include "domain/alertservice.h"
#include "domain/auth.h"
#include "domain/driverservice.h"
#include "domain/etaengine.h"
#include "domain/orderservice.h"
#include "domain/positionintake.h"
#include "domain/traveltimes.h"
#include "http/answercache.h"
#include "http/httplistener.h"
#include "http/ratelimiter.h"
#include "http/requesttracker.h"
#include "ops/filewatch.h"
#include "ops/metricsregistry.h"
#include "ops/serveroptions.h"
#include "routes/routes.h"
#include "store/store.h"
#include "webhooks/webhookdispatcher.h"
#include "ws/eventhub.h"

namespace Ops {

//! \brief The whole reference server in one object, composing the rooms: QHttpServer with the
//! REST routes and the WebSocket endpoint on the same port, optionally a second port for OsmAnd
//! position reports, the Store, Auth, the domain services, the EventHub and, in demo mode, the
//! Simulator.
class OpsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpsServer)

public:
    explicit OpsServer(QObject *parent = nullptr);
    ~OpsServer() override;

    //! Everything \a options ask for: TLS, users, the database (with `--reset-log`), retention,
    //! WebSocket and HTTP limits, demo data and simulator, alert engine, then listen. A problem
    //! with the options themselves (an unreadable users or TLS file, a bad `--db`) is a
    //! BadRequest; a failure to open the database or to listen is another kind.
    [[nodiscard]] Error start(const ServerOptions &options);
    //! Opens the database (see Store::open()).
    [[nodiscard]] Error openStore(const QString &path);
    //! Where `--db` \a given points; empty: `opsboard.sqlite` in the app data directory (created
    //! if needed). A bad value is a BadRequest.
    [[nodiscard]] static Error databaseLocation(const QString &given, DatabaseLocation *out);
    //! Reads the users file given to start() again (SIGHUP, or the file changed on disk): the
    //! new users apply at once and revoked tokens are disconnected. A broken file keeps the
    //! current users (logged).
    void reloadUsers();
    //! Reads the alert rules file given to start() (`--alert-rules`) and stores each rule that
    //! differs from the one in force, as a change by `rules-file`. A broken file changes
    //! nothing (logged).
    void reloadAlertRules();
    //! The alert engine's "now": the system clock, moved forward by `POST /api/test/clock`
    //! when started with `--test-clock`.
    [[nodiscard]] QDateTime now() const;
    //! Replaces the users; routes see the new set at once, and live sessions are re-checked
    //! (a revoked token is disconnected).
    void setAuth(const Auth &auth);

    //! Event-log retention: keep at most \a keepEvents events and none older than \a maxAge,
    //! trimmed every \a every (defaults 100 000 events, 24 h, 60 s).
    void setRetention(int keepEvents, std::chrono::seconds maxAge, std::chrono::milliseconds every);
    //! Trims the log once by the retention settings; returns how many events went.
    qint64 trimLog();

    //! Delivers the event log to \a endpoints (replacing earlier ones) and registers their
    //! metrics; none stops deliveries.
    WebhookDispatcher &startWebhooks(
        const QList<WebhookEndpoint> &endpoints, const WebhookTimings &timings);
    [[nodiscard]] WebhookDispatcher *webhooks() const { return m_webhooks.get(); }

    //! Starts the alert engine with \a interval between scans.
    AlertEngine &startAlertEngine(std::chrono::milliseconds interval);
    [[nodiscard]] AlertEngine *alertEngine() const { return m_alertEngine.get(); }

    //! Starts the ETA engine over the server's travel times (travelTimes()), recomputing a
    //! driver's ETAs at most every \a throttle on position reports.
    EtaEngine &startEtaEngine(std::chrono::milliseconds throttle);
    [[nodiscard]] EtaEngine *etaEngine() const { return m_etaEngine.get(); }
    //! The travel-time provider of ETAs and candidate lists: the built-in model and, when
    //! configured, the routing service.
    [[nodiscard]] TravelTimes &travelTimes() { return m_travel; }
    //! How order lists and KPIs answer by default (at-risk threshold, ageing of finished
    //! orders). In-process servers keep every finished order; `opsboard-server` ages them after
    //! `--finished-visible-for` (120 min).
    void setOrderViews(const OrderViewSettings &views)
    {
        m_views = views;
        m_listAnswers.clear(); // they were read under the old settings
    }
    [[nodiscard]] const OrderViewSettings &orderViews() const { return m_views; }

    //! Auth timeout and heartbeat interval of the WebSocket sessions (tests use milliseconds).
    void setSessionTimeouts(
        std::chrono::milliseconds authTimeout, std::chrono::milliseconds heartbeatInterval);

    //! Creates and starts the simulator (replacing an earlier one).
    Simulator &startSimulator(quint32 seed, std::chrono::milliseconds interval);
    [[nodiscard]] Simulator *simulator() const { return m_simulator.get(); }

    //! Position reports: per device (or driver) \a burst at once and one more every
    //! \a interval; per client address \a addressBurst and one every \a addressInterval.
    void setPositionLimits(int burst, std::chrono::milliseconds interval, int addressBurst,
        std::chrono::milliseconds addressInterval);
    //! Breadcrumbs kept: none older than \a retention, at most \a points per driver (trimmed
    //! with the event log).
    void setTrailRetention(std::chrono::hours retention, int points);

    //! Socket-level HTTP limits (header and body size, idle timeout); they apply to
    //! connections accepted after the call.
    void setHttpLimits(const HttpLimits &limits);
    [[nodiscard]] const HttpLimits &httpLimits() const { return m_httpLimits; }

    //! Listens on \a address:\a port (0 = any free port) with an HttpListener. Returns the
    //! bound port, 0 on failure.
    [[nodiscard]] quint16 listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_port; }
    //! The listener under the HTTP server (its rejection counters); null before listen().
    [[nodiscard]] HttpListener *httpListener() const { return m_listener; }
    //! Listens on \a address:\a port (0 = any free port) for OsmAnd position reports only
    //! (at `/` and `/api/osmand`, as Traccar Client sends them to a server's port 5055), with the
    //! same limits and TLS as the main port. Returns the bound port, 0 on failure.
    [[nodiscard]] quint16 listenOsmAnd(const QHostAddress &address, quint16 port);
    //! The OsmAnd port; 0 when there is none.
    [[nodiscard]] quint16 osmandPort() const { return m_osmandPort; }
    //! With --demo: the demo drivers that report with their demo device key, by id.
    [[nodiscard]] const QStringList &demoDriverIds() const { return m_demoDriverIds; }

    [[nodiscard]] Store &store() { return m_store; }
    [[nodiscard]] OrderService &orders() { return m_orders; }
    [[nodiscard]] AlertService &alerts() { return m_alerts; }
    [[nodiscard]] DriverService &drivers() { return m_drivers; }
    [[nodiscard]] PositionIntake &positions() { return m_positions; }
    [[nodiscard]] EventHub &hub() { return m_hub; }
    [[nodiscard]] const Auth &auth() const { return m_auth; }

    //! TLS for every connection accepted from now on (HTTPS and WSS on the one port); nullopt
    //! for plain HTTP. Call before listen().
    void setTlsConfiguration(const std::optional<QSslConfiguration> &configuration);
    [[nodiscard]] bool isTls() const { return m_tls.has_value(); }

    //! The metrics behind `GET /metrics`.
    [[nodiscard]] MetricsRegistry &metrics() { return m_metrics; }
    [[nodiscard]] RequestTracker &requests() { return m_requests; }
    //! With a non-empty \a token, `GET /metrics` needs `Authorization: Bearer <token>`.
    void setMetricsToken(const QString &token);

    //! \brief Graceful shutdown: stops accepting, stops the simulator and the alert engine,
    //! lets in-flight HTTP requests finish, closes WebSocket sessions with 1001 "going away"
    //! in batches, then closes the store and emits shutdownFinished(). After \a timeout what is
    //! left is cut off and shutdownFinished() is emitted anyway; a second call cuts off at once.
    void shutdown(std::chrono::milliseconds timeout);
    [[nodiscard]] bool isShuttingDown() const { return m_shuttingDown; }

Q_SIGNALS:
    //! Every connection is closed and the store is closed; \a clean is false when the
    //! timeout cut connections off.
    void shutdownFinished(bool clean);

private:
    void registerMetrics();
    //! HTTP connections still open on both ports.
    [[nodiscard]] qsizetype httpConnectionCount() const;
    void watchUsersFile(const QString &path);
    void registerTestClock();
    void checkShutdownDone();
    void finishShutdown(bool clean);

    Store m_store;
    Auth m_auth;
    OrderService m_orders { m_store };
    AlertService m_alerts { m_store };
    DriverService m_drivers { m_store };
    PositionIntake m_positions { m_store };
    RateLimiter m_reportsPerAddress { 1000, std::chrono::milliseconds(5) };
    RateLimiter m_reportsPerDevice { 60, std::chrono::milliseconds(1000) };
    TravelTimes m_travel;
    OrderViewSettings m_views;
    //! What the routes capture (by reference: it lives as long as the server).
    MetricsRegistry m_metrics;
    AnswerCache m_listAnswers;
    RouteServices m_routeServices { m_store, m_auth, m_orders, m_alerts, m_drivers, m_positions,
        m_reportsPerAddress, m_reportsPerDevice, m_travel, m_views, m_metrics, m_listAnswers };
    EventHub m_hub;
    RequestTracker m_requests { m_metrics };
    QHttpServer m_http;
    HttpListener *m_listener = nullptr; //!< owned by m_http
    QHttpServer m_osmandHttp;
    HttpListener *m_osmandListener = nullptr; //!< owned by m_osmandHttp
    quint16 m_osmandPort = 0;
    std::chrono::hours m_trailRetention { 12 };
    int m_trailPoints = 5000;
    QStringList m_demoDriverIds;
    HttpLimits m_httpLimits;
    std::unique_ptr<Simulator> m_simulator;
    std::unique_ptr<AlertEngine> m_alertEngine;
    std::unique_ptr<WebhookDispatcher> m_webhooks;
    std::unique_ptr<EtaEngine> m_etaEngine;
    QTimer m_retentionTimer;
    int m_keepEvents = 100000;
    std::chrono::seconds m_maxEventAge { 24 * 3600 };
    quint16 m_port = 0;
    std::optional<QSslConfiguration> m_tls;
    QByteArray m_metricsTokenHash;
    MetricsRegistry::Counter *m_eventsAppended = nullptr;
    QTimer m_shutdownTimer;
    bool m_shuttingDown = false;
    QString m_usersFile;
    std::unique_ptr<FileWatch> m_usersWatch;
    std::unique_ptr<FileWatch> m_alertRulesWatch;
    qint64 m_clockOffsetSeconds = 0;
};

} // namespace Ops
