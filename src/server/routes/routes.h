#pragma once

//! The REST routes: one file per resource, each registering its routes in one function over
//! the services every route shares.

#include <chrono>

#include <QByteArray>
#include <QHttpServerResponder>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
QT_END_NAMESPACE

namespace Ops {

class AlertService;
class AnswerCache;
class Auth;
class DriverService;
class MetricsRegistry;
class OrderService;
class PositionIntake;
class RateLimiter;
class Store;
class TravelTimes;

//! \brief How the order views answer when the request does not say otherwise.
struct OrderViewSettings
{
    //! Open orders due within this, or predicted late, are "at risk" (`atRisk` in the KPIs).
    std::chrono::minutes atRisk { 15 };
    //! Finished orders last changed longer ago than this leave the default order list
    //! (`?finished=all` lists them); 0 keeps every order in it.
    std::chrono::minutes finishedVisibleFor { 0 };
};

//! \brief What the routes work with; everything must outlive the QHttpServer.
struct RouteServices
{
    Store &store;
    const Auth &auth;
    OrderService &orders;
    AlertService &alerts;
    DriverService &drivers;
    PositionIntake &positions;
    RateLimiter &reportsPerAddress; //!< position reports per client address
    RateLimiter &reportsPerDevice; //!< position reports per device (or driver)
    TravelTimes &travel;
    const OrderViewSettings &views;
    //! Where rejected intake (order bodies, CSV files) is counted, by source and reason.
    MetricsRegistry &metrics;
    //! Answers to identical list reads at the same log position (`GET /api/orders`).
    AnswerCache &listAnswers;
};

//! Largest CSV body `POST /api/orders/import` takes (the listener's limit for that path).
inline constexpr qsizetype MaxImportBodyBytes = 8 * 1024 * 1024;

//! `GET|POST /api/orders` (list: filter, sort, page, ETag, delta, ageing of finished orders;
//! create: idempotent), `GET|PATCH /api/orders/<id>`, `GET /api/orders/<id>/history`,
//! `GET /api/orders/<id>/candidates` (drivers by time to the order),
//! `POST /api/orders/bulk-status` and `POST /api/orders/bulk-assign`.
void registerOrderRoutes(QHttpServer &server, const RouteServices &services);
//! `POST /api/orders/import`: CSV import, `?dryRun=1` and `?partial=1`.
void registerImportRoutes(QHttpServer &server, const RouteServices &services);
//! Counts one rejected piece of intake in `opsboard_intake_rejected_total{source, reason}`.
void countRejectedIntake(MetricsRegistry &metrics, const char *source, const QString &reason);
//! `GET|POST /api/drivers`, `GET|PATCH /api/drivers/<id>`, `GET /api/drivers/<id>/history`,
//! `GET /api/drivers/<id>/trail`, `POST /api/drivers/<id>/devices` and
//! `DELETE /api/drivers/<id>/devices/<device id>`.
void registerDriverRoutes(QHttpServer &server, const RouteServices &services);
//! A driver's own API: `GET /api/me/orders`, `POST /api/me/orders/<id>/status` and
//! `POST /api/me/position` (driver tokens only).
void registerDriverSelfRoutes(QHttpServer &server, const RouteServices &services);
//! The OsmAnd position intake (`GET` and `POST`) at each of \a paths: `/api/osmand` on the main
//! port, also `/` on the dedicated one. Rate-limited per client address and per device.
void registerOsmAndRoutes(
    QHttpServer &server, const RouteServices &services, const QStringList &paths);
//! `GET /api/payments` (managers).
void registerPaymentRoutes(QHttpServer &server, const RouteServices &services);
//! `GET /api/alerts` and `POST /api/alerts/<id>/{acknowledge,resolve,snooze}`.
void registerAlertRoutes(QHttpServer &server, const RouteServices &services);
//! `GET /api/kpis` and `GET /api/kpis/timeline` (computed over the caller's regions) and
//! `GET /api/events` (the recent event log, as the caller's channels allow).
void registerKpiRoutes(QHttpServer &server, const RouteServices &services);
//! `GET /healthz` (liveness) and `GET /readyz` (readiness of the store: database reachable,
//! notification link up).
void registerServiceRoutes(QHttpServer &server, const Store &store);

//! \brief The answer to a request no route matched.
struct MissingRouteAnswer
{
    QHttpServerResponder::StatusCode status;
    QByteArray body; //!< JSON `{error, message}`
};
//! 426 for a plain request to the WebSocket path, 405 on a known path, 404 otherwise.
[[nodiscard]] MissingRouteAnswer missingRouteAnswer(const QHttpServerRequest &request);
//! The dedicated OsmAnd port's answer to anything but a report: 405 on its paths, 404
//! otherwise.
[[nodiscard]] MissingRouteAnswer missingOsmAndAnswer(const QHttpServerRequest &request);

} // namespace Ops
