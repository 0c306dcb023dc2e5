#pragma once

//! The REST routes: one file per resource, each registering its routes in one function over
//! the services every route shares.

#include <chrono>

#include <QByteArray>
#include <QHttpServerResponder>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
QT_END_NAMESPACE

namespace Ops {

class AlertService;
class Auth;
class OrderService;
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
    TravelTimes &travel;
    const OrderViewSettings &views;
};

//! `GET /api/orders` (filter, sort, page, ETag, delta, ageing of finished orders),
//! `GET|PATCH /api/orders/<id>`, `GET /api/orders/<id>/history`,
//! `GET /api/orders/<id>/candidates` (drivers by time to the order) and
//! `POST /api/orders/bulk-status`.
void registerOrderRoutes(QHttpServer &server, const RouteServices &services);
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
