#pragma once

//! The REST routes: one file per resource, each registering its routes in one function over
//! the services every route shares.

#include <QByteArray>
#include <QHttpServerResponder>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
QT_END_NAMESPACE

namespace Ops {

class AlertService;
class Auth;
class MetricsRegistry;
class OrderService;
class Store;

//! \brief What the routes work with; everything must outlive the QHttpServer.
struct RouteServices
{
    Store &store;
    const Auth &auth;
    OrderService &orders;
    AlertService &alerts;
    //! Where rejected intake (order bodies, CSV files) is counted, by source and reason.
    MetricsRegistry &metrics;
};

//! Largest CSV body `POST /api/orders/import` takes (the listener's limit for that path).
inline constexpr qsizetype MaxImportBodyBytes = 8 * 1024 * 1024;

//! `GET|POST /api/orders` (list: filter, sort, page, ETag, delta; create: idempotent),
//! `GET|PATCH /api/orders/<id>`, `GET /api/orders/<id>/history`,
//! `POST /api/orders/bulk-status` and `POST /api/orders/bulk-assign`.
void registerOrderRoutes(QHttpServer &server, const RouteServices &services);
//! `POST /api/orders/import`: CSV import, `?dryRun=1` and `?partial=1`.
void registerImportRoutes(QHttpServer &server, const RouteServices &services);
//! Counts one rejected piece of intake in `opsboard_intake_rejected_total{source, reason}`.
void countRejectedIntake(MetricsRegistry &metrics, const char *source, const QString &reason);
//! `GET /api/drivers` and `GET /api/drivers/<id>`.
void registerDriverRoutes(QHttpServer &server, const RouteServices &services);
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

} // namespace Ops
