#pragma once

#include <QByteArray>
#include <QHttpServerResponder>

#include "core/error.h"
#include "protocol/order.h"
#include "routesupport.h"
#include "store.h"

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

class Auth;

//! The PATCH body: `{"status": "<known status>", "driverId": "<id>" | null}`, at least one of
//! the two and nothing else (also the fuzz target's entry point). `driverId` null unassigns
//! (an empty \a out->driverId).
[[nodiscard]] Error parseOrderPatch(const QByteArray &body, Store::OrderChange *out);

//! Registers `GET /api/orders` (filter, sort, page, ETag, delta), `GET|PATCH /api/orders/<id>`,
//! `GET /api/orders/<id>/history` and `POST /api/orders/bulk-status`.
//! \a store and \a auth must outlive \a server.
void registerOrderRoutes(QHttpServer &server, Store &store, const Auth &auth);

//! Registers `GET /healthz` (liveness), `GET /readyz` (readiness of \a store: database
//! reachable, notification link up) and the JSON 404/405/426 answers for everything unmatched.
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
